import "server-only";
import { SYSTEM_ACTOR, type Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, parseInput } from "@/lib/errors";
import { ZAudienceSchema } from "./audience-schemas";

export async function createAudience(options: {
  organizationId: string;
  input: unknown;
  /** Who created it, for the audit log (scripts and seeds: the system). */
  actor?: Actor;
}) {
  const audience = parseInput(ZAudienceSchema, options.input);
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.audience.create({
        data: { organizationId: options.organizationId, ...audience },
      });
      await recordEvent(tx, {
        organizationId: options.organizationId,
        type: "audience.created",
        data: { audienceId: created.id, name: created.name },
        actor: options.actor ?? SYSTEM_ACTOR,
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw AppError.validation({ name: ["An audience with this name already exists"] });
    throw error;
  }
}
