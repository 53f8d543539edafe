// Erasure (GDPR Art. 17) of subscribers: their personal data is removed or replaced, their
// evidence is redacted in place (redact-event.ts) after a subscriber.erased event records the
// digests that keep it verifiable, and the number is kept only as a keyed hash on the
// suppression list (phone-hash.ts) so that it is never texted, imported or added again
// without a new opt-in of the person's own (a signup form they submit and confirm).
//
// In the database afterwards: no phone, IP, user agent or SMS text of the person, in the
// subscriber, its evidence, its messages, its verification codes, risk events or blocks.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { computeEventHash } from "@/lib/consent-events/event-hash";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import type { ConsentEvent } from "@/lib/generated/prisma/client";
import { ERASED, redactEvent, residualHash } from "./redact-event";
import { erasedPhoneOf, phoneHash } from "./phone-hash";
import { assertE164 } from "./privacy-input";

export type ErasureReason = "request" | "staff" | "retention";

/** Generous: an erasure rewrites every row of the person's evidence and messages. */
export const ERASURE_TX_OPTIONS = { timeout: 60_000, maxWait: 10_000 };

/** Every subscriber of the organization with this number (in any audience). */
export async function eraseSubscribers(options: {
  organizationId: string;
  phone: string;
  actor: Actor;
  reason: ErasureReason;
  requestId?: string | null;
}): Promise<{ subscriberIds: string[] }> {
  const phone = assertE164(options.phone);
  return db.$transaction(
    (tx) => eraseNumberTx(tx, { ...options, phone, requestId: options.requestId ?? null }),
    ERASURE_TX_OPTIONS,
  );
}

/** In the caller's transaction: all subscribers with the number, then the number itself. */
export async function eraseNumberTx(
  tx: Tx,
  options: {
    organizationId: string;
    phone: string;
    actor: Actor;
    reason: ErasureReason;
    requestId: string | null;
    at?: Date;
  },
): Promise<{ subscriberIds: string[] }> {
  const { organizationId, phone } = options;
  const at = options.at ?? new Date();
  const subscribers = await tx.subscriber.findMany({
    where: { organizationId, phone, erasedAt: null },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  for (const { id } of subscribers) {
    await eraseSubscriberTx(tx, { ...options, subscriberId: id, at });
  }
  await scrubNumberTx(tx, { organizationId, phone, suppress: true, at });
  return { subscriberIds: subscribers.map(({ id }) => id) };
}

/**
 * One subscriber: the erasure event, the redaction of its evidence, and its own row, messages
 * and codes. Returns the number it had (the caller decides what happens to the number), or
 * null if it was already erased or is not the organization's.
 */
export async function eraseSubscriberTx(
  tx: Tx,
  options: {
    organizationId: string;
    subscriberId: string;
    actor: Actor;
    reason: ErasureReason;
    requestId: string | null;
    at: Date;
  },
): Promise<string | null> {
  const { organizationId, subscriberId, at } = options;
  // Lock the subscriber before reading its chain, as every path that appends to it does: no
  // event can slip in between the digests and the erasure event.
  const [subscriber] = await tx.$queryRaw<{ phone: string; erasedAt: Date | null }[]>`
    SELECT "phone", "erasedAt" FROM "Subscriber"
    WHERE "id" = ${subscriberId} AND "organizationId" = ${organizationId} FOR UPDATE`;
  if (!subscriber || subscriber.erasedAt) return null;

  const events = await tx.consentEvent.findMany({
    where: { organizationId, chainId: subscriberId },
    orderBy: { seq: "asc" },
  });
  const redacted = events.map(redactEvent);
  await recordEvent(tx, {
    organizationId,
    subscriberId,
    type: "subscriber.erased",
    data: {
      reason: options.reason,
      requestId: options.requestId,
      redactedEvents: redacted.length,
      residuals: redacted.map(residualHash),
      chainIntactBeforeErasure: chainIntact(events),
    },
    actor: impersonalActor(options.actor),
    at,
  });
  if (redacted.length > 0) {
    // The trigger allows this one UPDATE, now that the erasure event is on the chain.
    await tx.$executeRaw`
      UPDATE "ConsentEvent" e
      SET "data" = r."data"::jsonb, "actorName" = r."actorName", "ip" = NULL,
        "userAgent" = NULL, "erasedAt" = ${at}
      FROM unnest(${redacted.map((event) => event.id)}::text[],
        ${redacted.map((event) => JSON.stringify(event.data))}::text[],
        ${redacted.map((event) => event.actorName)}::text[]) AS r("id", "data", "actorName")
      WHERE e."id" = r."id" AND e."organizationId" = ${organizationId}
        AND e."chainId" = ${subscriberId}`;
  }
  await tx.subscriber.update({
    where: { id: subscriberId },
    data: {
      phone: erasedPhoneOf(subscriberId),
      erasedAt: at,
      deletedAt: at,
      lastSignupSmsAt: null,
    },
  });
  await tx.consent.updateMany({
    where: { organizationId, subscriberId, revokedAt: null },
    data: { revokedAt: at, revokeMethod: "erasure" },
  });
  // Texts not sent yet are not sent: there is no one to send them to any more.
  await tx.message.updateMany({
    where: { organizationId, subscriberId, status: "QUEUED" },
    data: { status: "CANCELED", cancelReason: "subscriber_deleted", lockedUntil: null },
  });
  await scrubMessagesTx(tx, { organizationId, subscriberId, phone: subscriber.phone });
  await tx.verificationCode.updateMany({
    where: { organizationId, OR: [{ subscriberId }, { phone: subscriber.phone }] },
    data: { phone: ERASED, ip: null, userAgent: null, pageUrl: null, referrer: null },
  });
  return subscriber.phone;
}

/**
 * What is left of the number outside the subscribers: texts from or to it that belong to no
 * subscriber, risk records and blocks naming it, and its suppression, which becomes a hash.
 * suppress: put the hash on the suppression list even if the number was never suppressed
 * (an erasure the person asked for); otherwise only an existing suppression is kept (as a hash).
 */
export async function scrubNumberTx(
  tx: Tx,
  options: { organizationId: string; phone: string; suppress: boolean; at: Date },
): Promise<void> {
  const { organizationId, phone } = options;
  await scrubMessagesTx(tx, { organizationId, subscriberId: null, phone });
  await tx.verificationCode.updateMany({
    where: { organizationId, phone },
    data: { phone: ERASED, ip: null, userAgent: null, pageUrl: null, referrer: null },
  });
  await tx.riskEvent.updateMany({
    where: { organizationId, phone },
    data: { phone: null, ip: null },
  });
  await tx.riskBlock.deleteMany({ where: { organizationId, kind: "phone", value: phone } });
  const existing = await tx.suppression.findFirst({
    where: { organizationId, phone },
    select: { id: true, reason: true },
  });
  if (!existing && !options.suppress) return;
  const hash = phoneHash(organizationId, phone);
  await tx.suppression.deleteMany({ where: { organizationId, phone } });
  await tx.suppression.upsert({
    where: { organizationId_phoneHash: { organizationId, phoneHash: hash } },
    create: { organizationId, phoneHash: hash, reason: existing?.reason ?? "erasure" },
    update: {},
  });
  // Open requests about the number keep only its hash too.
  await tx.privacyRequest.updateMany({
    where: { organizationId, phoneHash: hash },
    data: { ip: null, userAgent: null },
  });
}

/** Bodies and the person's side of every text: those of the subscriber, or to/from the number. */
async function scrubMessagesTx(
  tx: Tx,
  options: { organizationId: string; subscriberId: string | null; phone: string },
): Promise<void> {
  const { organizationId, subscriberId, phone } = options;
  await tx.$executeRaw`
    UPDATE "Message" SET "body" = ${ERASED}, "errorMessage" = NULL,
      "from" = CASE WHEN "direction" = 'INBOUND' THEN ${ERASED} ELSE "from" END,
      "to" = CASE WHEN "direction" = 'OUTBOUND' THEN ${ERASED} ELSE "to" END
    WHERE "organizationId" = ${organizationId}
      AND (("subscriberId" = ${subscriberId}::text)
        OR ("direction" = 'INBOUND' AND "from" = ${phone})
        OR ("direction" = 'OUTBOUND' AND "to" = ${phone}))`;
}

/** Whether the chain's hashes and links held just before redaction (recorded, not required). */
function chainIntact(events: ConsentEvent[]): boolean {
  return events.every(
    (event, index) =>
      event.erasedAt === null &&
      event.seq === index + 1 &&
      event.prevHash === (index === 0 ? null : events[index - 1]!.hash) &&
      computeEventHash(event) === event.hash,
  );
}

/** The erasure event must not itself hold the person's data: their IP, browser or number. */
function impersonalActor(actor: Actor): Actor {
  if (actor.type !== "SUBSCRIBER") return actor;
  return { type: "SUBSCRIBER", name: null, ip: null, userAgent: null };
}
