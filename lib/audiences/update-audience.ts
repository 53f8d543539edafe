import "server-only";
import { SYSTEM_ACTOR, type Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, parseInput } from "@/lib/errors";
import { ZAudienceSchema } from "./audience-schemas";

/** Renames or redescribes an audience; what changed goes to the audit log. */
export async function updateAudience(options: {
  organizationId: string;
  audienceId: string;
  input: unknown;
  actor?: Actor;
}) {
  const input = parseInput(ZAudienceSchema, options.input);
  try {
    await db.$transaction(async (tx) => {
      const audience = await tx.audience.findFirst({
        where: { id: options.audienceId, organizationId: options.organizationId },
      });
      if (!audience) throw AppError.notFound("Audience");
      const changes: Record<string, { from: string | null; to: string | null }> = {};
      for (const field of ["name", "description"] as const) {
        const from = audience[field] ?? null;
        const to = input[field] ?? null;
        if ((from ?? "") !== (to ?? "")) changes[field] = { from, to };
      }
      if (Object.keys(changes).length === 0) return;
      await tx.audience.update({ where: { id: audience.id }, data: input });
      await recordEvent(tx, {
        organizationId: options.organizationId,
        type: "audience.updated",
        data: { audienceId: audience.id, changes },
        actor: options.actor ?? SYSTEM_ACTOR,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw AppError.validation({ name: ["An audience with this name already exists"] });
    throw error;
  }
}
