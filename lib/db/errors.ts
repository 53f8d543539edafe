import { Prisma } from "@/lib/generated/prisma/client";

/** True for a unique-constraint violation, from a Prisma query, a raw one or lib/db/sql.ts. */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Error && error.name === "SqlError") {
    return (error as Error & { code?: unknown }).code === "23505";
  }
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const meta = JSON.stringify(error.meta ?? {});
  return error.code === "P2010" && meta.includes("23505");
}
