// A data subject asks for erasure (portal, withdraw link, or by mail or phone, logged by staff
// in the queue). Carried out at once when the organization does not require approval;
// otherwise queued for a compliance member (a second pair of eyes, also for staff-logged
// requests), with the number sealed (AES-256-GCM) until then and its hash for matching.
import "server-only";
import { subscriberActor } from "@/lib/consent-events/actor";
import { seal } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ERASURE_TX_OPTIONS, eraseNumberTx } from "./erase-subscribers";
import { phoneHash } from "./phone-hash";
import { assertE164, dueDateFor } from "./privacy-input";
import { CHANNEL_TO_DB, type PrivacyRequestChannelName } from "./privacy-request-kinds";

export const REQUEST_PHONE_SEAL_LABEL = "optline privacy request phone v1";

export async function requestErasure(options: {
  organizationId: string;
  phone: string;
  channel: Exclude<PrivacyRequestChannelName, "retention">;
  ip?: string | null;
  userAgent?: string | null;
}): Promise<{ id: string; status: "completed" | "awaiting_approval" }> {
  const { organizationId } = options;
  const phone = assertE164(options.phone);
  const channel = CHANNEL_TO_DB[options.channel];
  if (!channel || channel === "RETENTION")
    throw AppError.validation({ channel: ["Unknown channel"] });
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { erasureNeedsApproval: true },
  });
  if (!organization) throw AppError.notFound("Organization");
  const hash = phoneHash(organizationId, phone);
  const createdAt = new Date();
  const subscribers = await db.subscriber.findMany({
    where: { organizationId, phone, erasedAt: null },
    select: { id: true, audienceId: true },
  });
  const details = {
    subscriberIds: subscribers.map((row) => row.id),
    audienceIds: [...new Set(subscribers.map((row) => row.audienceId))],
  };
  const base = {
    organizationId,
    kind: "ERASURE" as const,
    channel,
    phoneHash: hash,
    details,
    createdAt,
    dueAt: dueDateFor(createdAt),
  };

  if (organization.erasureNeedsApproval) {
    // Asking twice while the first request waits changes nothing.
    const waiting = await db.privacyRequest.findFirst({
      where: { organizationId, kind: "ERASURE", status: "AWAITING_APPROVAL", phoneHash: hash },
      select: { id: true },
    });
    if (waiting) return { id: waiting.id, status: "awaiting_approval" };
    const request = await db.privacyRequest.create({
      data: {
        ...base,
        status: "AWAITING_APPROVAL",
        phoneSealed: seal(phone, { label: REQUEST_PHONE_SEAL_LABEL, boundTo: organizationId }),
        ip: options.ip ?? null,
        userAgent: options.userAgent ?? null,
      },
      select: { id: true },
    });
    return { id: request.id, status: "awaiting_approval" };
  }

  return db.$transaction(async (tx) => {
    // No IP or browser kept: they would be the erased person's.
    const request = await tx.privacyRequest.create({
      data: { ...base, status: "COMPLETED", handledAt: createdAt },
      select: { id: true },
    });
    await eraseNumberTx(tx, {
      organizationId,
      phone,
      actor: subscriberActor(phone),
      reason: "request",
      requestId: request.id,
      at: createdAt,
    });
    return { id: request.id, status: "completed" as const };
  }, ERASURE_TX_OPTIONS);
}
