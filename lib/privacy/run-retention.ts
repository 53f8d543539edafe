// Retention: per organization, pending subscribers that never confirmed are erased once they
// are older than its pendingRetentionDays (default 30). Each erasure is a subscriber.erased
// event on the subscriber's chain, and each run that erased anything is one completed request
// (channel retention) in the queue. The number itself is not put on the suppression list (the
// person never asked for that), but a suppression it already had is kept, as a hash, unless
// the number is still a live subscriber of another list there.
//
// Safe with several servers: each organization is handled under a transaction-scoped advisory
// lock taken with try (a server that finds it taken skips the organization), and the query
// only finds subscribers not erased yet, so a second run right after the first does nothing.
import "server-only";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { ERASURE_TX_OPTIONS, eraseSubscriberTx, scrubNumberTx } from "./erase-subscribers";
import { dueDateFor } from "./privacy-input";

/** Subscribers per transaction: keeps each one short. */
const BATCH = 50;

export async function runRetention(options: {
  now: Date;
}): Promise<{ organizations: number; erased: number }> {
  const { now } = options;
  const due = await db.$queryRaw<{ organizationId: string }[]>`
    SELECT DISTINCT s."organizationId" FROM "Subscriber" s
    JOIN "Organization" o ON o."id" = s."organizationId"
    WHERE s."status" = 'PENDING' AND s."confirmedAt" IS NULL AND s."erasedAt" IS NULL
      AND s."createdAt" < ${now}::timestamptz - make_interval(days => o."pendingRetentionDays")`;
  let erased = 0;
  for (const { organizationId } of due) {
    for (;;) {
      const count = await eraseBatch(organizationId, now);
      erased += count;
      if (count < BATCH) break;
    }
  }
  return { organizations: due.length, erased };
}

async function eraseBatch(organizationId: string, now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtext(${`optline:retention:${organizationId}`})) AS "locked"`;
    if (!lock?.locked) return 0;
    // Never erases a 2FA enrollment: a live verification consent keeps the subscriber.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT s."id" FROM "Subscriber" s
      JOIN "Organization" o ON o."id" = s."organizationId"
      WHERE s."organizationId" = ${organizationId} AND s."status" = 'PENDING'
        AND s."confirmedAt" IS NULL AND s."erasedAt" IS NULL
        AND s."createdAt" < ${now}::timestamptz - make_interval(days => o."pendingRetentionDays")
        AND NOT EXISTS (SELECT 1 FROM "Consent" c WHERE c."subscriberId" = s."id"
          AND c."purpose" = 'VERIFICATION' AND c."grantedAt" IS NOT NULL AND c."revokedAt" IS NULL)
      ORDER BY s."createdAt", s."id"
      LIMIT ${BATCH}`;
    if (rows.length === 0) return 0;
    // `now` decides who is due; what is written carries the real time.
    const at = new Date();
    const request = await tx.privacyRequest.create({
      data: {
        organizationId,
        kind: "ERASURE",
        channel: "RETENTION",
        status: "COMPLETED",
        details: { subscriberIds: rows.map((row) => row.id), count: rows.length },
        createdAt: at,
        dueAt: dueDateFor(at),
        handledAt: at,
        note: "Pending and never confirmed past the retention period",
      },
      select: { id: true },
    });
    const phones = new Set<string>();
    for (const { id } of rows) {
      const phone = await eraseSubscriberTx(tx, {
        organizationId,
        subscriberId: id,
        actor: SYSTEM_ACTOR,
        reason: "retention",
        requestId: request.id,
        at,
      });
      if (phone) phones.add(phone);
    }
    for (const phone of phones) {
      const stillListed = await tx.subscriber.findFirst({
        where: { organizationId, phone, erasedAt: null },
        select: { id: true },
      });
      if (!stillListed) await scrubNumberTx(tx, { organizationId, phone, suppress: false, at });
    }
    return rows.length;
  }, ERASURE_TX_OPTIONS);
}
