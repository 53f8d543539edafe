import "server-only";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, parseInput } from "@/lib/errors";
import { ZAudienceSchema } from "./audience-schemas";

export async function createAudience(options: { organizationId: string; input: unknown }) {
  const audience = parseInput(ZAudienceSchema, options.input);
  try {
    return await db.audience.create({
      data: { organizationId: options.organizationId, ...audience },
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw AppError.validation({ name: ["An audience with this name already exists"] });
    throw error;
  }
}
