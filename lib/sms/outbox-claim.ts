// The outbox's two guarded steps before a provider is called. The claim leases due messages
// (FOR UPDATE SKIP LOCKED: any number of servers share the outbox) and evaluates, in the same
// statement, whether each may still be sent (outbound-rules.ts). The send-started marker then
// moves one message to SENDING in its own statement, only if its lease is still ours and the
// rule still allows it: whatever changed since the claim (a STOP that arrived while an
// earlier message of the batch was being sent) is seen there.
import "server-only";
import { db, sql } from "@/lib/db/client";
import { Prisma, type Message } from "@/lib/generated/prisma/client";
import type { CancelReason } from "./cancel-reasons";
import { blockReasonSql } from "./outbound-rules";

export const LEASE_SECONDS = 60;

export interface ClaimedMessage {
  message: Message;
  /** Set when the rule forbids sending it now. */
  blockReason: CancelReason | null;
}

/**
 * Leases up to `limit` due outbound messages (or only those among `ids`): QUEUED ones, and
 * SENDING ones whose lease ran out (their send may have happened: the caller looks them up first).
 */
export async function claimMessages(
  ids: string[] | null,
  limit: number,
): Promise<ClaimedMessage[]> {
  if (ids?.length === 0) return [];
  const among = ids ? Prisma.sql`"id" IN (${Prisma.join(ids)})` : Prisma.sql`TRUE`;
  // Through the driver (lib/db/sql.ts): each signup's text passes here once.
  const claimed = await sql.$queryRaw<{ id: string; blockReason: CancelReason | null }[]>`
    WITH "claimed" AS (
      UPDATE "Message"
      SET "lockedUntil" = now() + ${LEASE_SECONDS}::int * interval '1 second',
          "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Message"
        WHERE "status" IN ('QUEUED', 'SENDING') AND "direction" = 'OUTBOUND'
          AND ${among}
          AND "nextAttemptAt" <= now()
          AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
        ORDER BY "nextAttemptAt"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING "id"
    )
    SELECT m."id", ${blockReasonSql("m")} AS "blockReason"
    FROM "claimed" c JOIN "Message" m ON m."id" = c."id"`;
  if (claimed.length === 0) return [];
  const rows = await sql.$queryRaw<Message[]>`
    SELECT * FROM "Message" WHERE "id" IN (${Prisma.join(claimed.map((row) => row.id))})
    ORDER BY "createdAt"`;
  const reasons = new Map(claimed.map((row) => [row.id, row.blockReason]));
  return rows.map((message) => ({ message, blockReason: reasons.get(message.id) ?? null }));
}

/**
 * SENDING, in its own statement, before the provider is called: if the process dies or the
 * database fails after the provider's answer, the next claim knows the send may have happened.
 * Returns the extended lease, or null if the lease is lost or the rule now forbids the send.
 */
export async function markSendStarted(message: Message): Promise<Date | null> {
  if (!message.lockedUntil) return null;
  const [row] = await sql.$queryRaw<{ lockedUntil: Date }[]>`
    UPDATE "Message" AS m
    SET "status" = 'SENDING', "sendStartedAt" = now(),
        "lockedUntil" = now() + ${LEASE_SECONDS}::int * interval '1 second'
    WHERE m."id" = ${message.id} AND m."status" IN ('QUEUED', 'SENDING') AND m."sid" IS NULL
      AND m."lockedUntil" = ${message.lockedUntil}
      AND ${blockReasonSql("m")} IS NULL
    RETURNING m."lockedUntil"`;
  return row?.lockedUntil ?? null;
}

/** Gives the message back to the outbox for a later attempt, without a send (e.g. lookup failed). */
export async function releaseMessage(message: Message, retryAt: Date): Promise<void> {
  await db.message.updateMany({
    where: { id: message.id, lockedUntil: message.lockedUntil },
    data: { lockedUntil: null, nextAttemptAt: retryAt },
  });
}
