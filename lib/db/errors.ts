import { Prisma } from "@/lib/generated/prisma/client";

/** True for a unique-constraint violation, from a Prisma query or a raw one. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const meta = JSON.stringify(error.meta ?? {});
  return error.code === "P2010" && meta.includes("23505");
}
