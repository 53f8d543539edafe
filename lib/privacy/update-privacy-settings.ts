// An owner's privacy settings: whether an erasure asked for in the portal waits for a
// compliance member's approval, and after how many days unconfirmed signups are erased. The
// change is an organization event (audit log).
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";

export const ZPrivacySettingsSchema = z.object({
  erasureNeedsApproval: z.enum(["approval", "automatic"]),
  pendingRetentionDays: z.coerce
    .number({ error: "Enter a number of days" })
    .int("Enter a whole number of days")
    .min(1, "At least 1 day")
    .max(3650, "At most 3650 days"),
});
export type TPrivacySettingsSchema = z.input<typeof ZPrivacySettingsSchema>;

export async function getPrivacySettings(options: { organizationId: string }) {
  const organization = await db.organization.findUnique({
    where: { id: options.organizationId },
    select: { erasureNeedsApproval: true, pendingRetentionDays: true },
  });
  if (!organization) throw AppError.notFound("Organization");
  return organization;
}

export async function updatePrivacySettings(options: {
  organizationId: string;
  actor: Actor;
  input: unknown;
}) {
  const input = parseInput(ZPrivacySettingsSchema, options.input);
  const next = {
    erasureNeedsApproval: input.erasureNeedsApproval === "approval",
    pendingRetentionDays: input.pendingRetentionDays,
  };
  return db.$transaction(async (tx) => {
    const current = await tx.organization.findUnique({
      where: { id: options.organizationId },
      select: { erasureNeedsApproval: true, pendingRetentionDays: true },
    });
    if (!current) throw AppError.notFound("Organization");
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    if (current.erasureNeedsApproval !== next.erasureNeedsApproval) {
      changes.erasureNeedsApproval = {
        from: current.erasureNeedsApproval ? "approval" : "automatic",
        to: input.erasureNeedsApproval,
      };
    }
    if (current.pendingRetentionDays !== next.pendingRetentionDays) {
      changes.pendingRetentionDays = {
        from: String(current.pendingRetentionDays),
        to: String(next.pendingRetentionDays),
      };
    }
    if (Object.keys(changes).length === 0) return next;
    await tx.organization.update({ where: { id: options.organizationId }, data: next });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "privacy_settings.changed",
      data: { changes },
      actor: options.actor,
    });
    return next;
  });
}
