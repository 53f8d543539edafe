// A data subject's access or withdrawal request, recorded for the compliance queue. The portal
// carries these out itself (the download, the withdrawal with its consent events) and records
// them here as completed; the number is stored only as its keyed hash.
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { phoneHash } from "./phone-hash";
import { assertE164, dueDateFor, ZRowId } from "./privacy-input";
import {
  CHANNEL_TO_DB,
  statusName,
  type PrivacyRequestChannelName,
  type PrivacyRequestStatusName,
} from "./privacy-request-kinds";

/** What the request concerned: the person's subscribers, lists and purposes. */
export const ZPrivacyRequestDetails = z
  .object({
    subscriberIds: z.array(ZRowId).max(200).optional(),
    audienceIds: z.array(ZRowId).max(200).optional(),
    purposes: z
      .array(z.enum(["marketing", "verification"]))
      .max(2)
      .optional(),
    /** For an access request: what was downloaded. */
    format: z.enum(["json", "pdf"]).optional(),
  })
  .strict();
export type TPrivacyRequestDetails = z.infer<typeof ZPrivacyRequestDetails>;

export async function recordPrivacyRequest(options: {
  organizationId: string;
  phone: string;
  kind: "access" | "withdrawal";
  channel: Exclude<PrivacyRequestChannelName, "retention">;
  details?: unknown;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<{ id: string; status: PrivacyRequestStatusName }> {
  const { organizationId } = options;
  const phone = assertE164(options.phone);
  if (options.kind !== "access" && options.kind !== "withdrawal") {
    throw AppError.validation({ kind: ["Erasure goes through requestErasure"] });
  }
  const channel = CHANNEL_TO_DB[options.channel];
  if (!channel || channel === "RETENTION")
    throw AppError.validation({ channel: ["Unknown channel"] });
  const details = parseInput(ZPrivacyRequestDetails, options.details ?? {});
  await assertOwnedByNumber({ organizationId, phone, details });
  const createdAt = new Date();
  const request = await db.privacyRequest.create({
    data: {
      organizationId,
      kind: options.kind === "access" ? "ACCESS" : "WITHDRAWAL",
      channel,
      status: "COMPLETED",
      phoneHash: phoneHash(organizationId, phone),
      details,
      ip: options.ip ?? null,
      userAgent: options.userAgent ?? null,
      createdAt,
      dueAt: dueDateFor(createdAt),
      handledAt: createdAt,
    },
    select: { id: true, status: true },
  });
  return { id: request.id, status: statusName(request.status) };
}

/**
 * The organization exists, and the subscribers and lists named are its own and this number's:
 * ids from another organization, or another number, are refused before anything is written.
 */
export async function assertOwnedByNumber(options: {
  organizationId: string;
  phone: string;
  details: TPrivacyRequestDetails;
}): Promise<void> {
  const { organizationId, phone, details } = options;
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { id: true },
  });
  if (!organization) throw AppError.notFound("Organization");
  const subscriberIds = [...new Set(details.subscriberIds ?? [])];
  const audienceIds = [...new Set(details.audienceIds ?? [])];
  if (subscriberIds.length === 0 && audienceIds.length === 0) return;
  const owned = await db.subscriber.findMany({
    where: {
      organizationId,
      phone,
      OR: [{ id: { in: subscriberIds } }, { audienceId: { in: audienceIds } }],
    },
    select: { id: true, audienceId: true },
  });
  const ownedIds = new Set(owned.map((row) => row.id));
  const ownedAudiences = new Set(owned.map((row) => row.audienceId));
  if (
    subscriberIds.some((id) => !ownedIds.has(id)) ||
    audienceIds.some((id) => !ownedAudiences.has(id))
  ) {
    throw AppError.notFound("Subscriber");
  }
}
