import "server-only";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, parseInput } from "@/lib/errors";
import { ZAudienceSchema } from "./audience-schemas";

export async function updateAudience(options: {
  organizationId: string;
  audienceId: string;
  input: unknown;
}) {
  const audience = parseInput(ZAudienceSchema, options.input);
  try {
    const { count } = await db.audience.updateMany({
      where: { id: options.audienceId, organizationId: options.organizationId },
      data: audience,
    });
    if (count === 0) throw AppError.notFound("Audience");
  } catch (error) {
    if (isUniqueViolation(error))
      throw AppError.validation({ name: ["An audience with this name already exists"] });
    throw error;
  }
}
