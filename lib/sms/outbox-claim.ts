// The outbox's two guarded steps before a provider is called. The claim leases due messages
// (FOR UPDATE SKIP LOCKED: any number of servers share the outbox) and evaluates, in the same
// statement, whether each may still be sent (outbound-rules.ts). The send-started marker then
// moves one message to SENDING in its own statement, only if its lease is still ours and the
// rule still allows it: whatever changed since the claim (a STOP that arrived while an
// earlier message of the batch was being sent) is seen there.
import "server-only";
import { db, sql } from "@/lib/db/client";
import { Prisma, type Message } from "@/lib/generated/prisma/client";
import type { SenderNumberType } from "@/lib/generated/prisma/enums";
import {
  DEFAULT_SENDER_KEY,
  defaultSenderRate,
  senderRate,
  takeSendTokens,
} from "@/lib/senders/send-rate";
import type { CancelReason } from "./cancel-reasons";
import { blockReasonSql } from "./outbound-rules";

export const LEASE_SECONDS = 60;

export interface ClaimedMessage {
  message: Message;
  /** Set when the rule forbids sending it now. */
  blockReason: CancelReason | null;
  /** Where it goes out from: see SendRoute. */
  route: SendRoute;
}

/**
 * The sender of a message, decided when it is sent (so a message queued before its audience
 * moved to another sender goes out from the new one, where the person's STOP will be heard):
 * the sender of its subscriber's audience (a code's: its verification's subscriber), else the
 * installation default; `devNumber` is the organization's own number for the dev provider.
 */
export interface SendRoute {
  senderId: string | null;
  /** The sender row's updatedAt: its cached client is used while it is the same. */
  senderVersion: Date | null;
  devNumber: string | null;
}

/**
 * Leases up to `limit` due outbound messages (or only those among `ids`): QUEUED ones, and
 * SENDING ones whose lease ran out (their send may have happened: the caller looks them up first).
 * Then each sender's rate (send-rate.ts): the messages its bucket has no token for go back to
 * the queue, due when their token will be, and are not returned.
 */
export async function claimMessages(
  ids: string[] | null,
  limit: number,
): Promise<ClaimedMessage[]> {
  if (ids?.length === 0) return [];
  const among = ids ? Prisma.sql`"id" IN (${Prisma.join(ids)})` : Prisma.sql`TRUE`;
  // Through the driver (lib/db/sql.ts), in one statement: each text passes here once.
  const claimed = await sql.$queryRaw<
    (Message & {
      blockReason: CancelReason | null;
      routeSenderId: string | null;
      routeSenderVersion: Date | null;
      numberType: SenderNumberType | null;
      messagesPerSecond: number | null;
      devNumber: string | null;
    })[]
  >`
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
      RETURNING *
    )
    SELECT m.*, ${blockReasonSql("m")} AS "blockReason",
      snd."id" AS "routeSenderId", snd."updatedAt" AS "routeSenderVersion", snd."numberType",
      snd."messagesPerSecond",
      (SELECT o."devSmsNumber" FROM "Organization" o WHERE o."id" = m."organizationId") AS "devNumber"
    FROM "claimed" m
    LEFT JOIN LATERAL (
      SELECT se."id", se."updatedAt", se."numberType", se."messagesPerSecond" FROM "Sender" se
      WHERE se."id" = COALESCE(m."senderId", (
        SELECT a."senderId" FROM "Subscriber" s JOIN "Audience" a ON a."id" = s."audienceId"
        WHERE s."id" = COALESCE(m."subscriberId",
          (SELECT v."subscriberId" FROM "VerificationCode" v WHERE v."id" = m."verificationId"))
      ))
    ) snd ON TRUE
    ORDER BY m."createdAt"`;
  const entries = claimed.map((row) => {
    const {
      blockReason,
      routeSenderId,
      routeSenderVersion,
      numberType,
      messagesPerSecond,
      devNumber,
      ...message
    } = row;
    const rate =
      numberType !== null ? senderRate({ numberType, messagesPerSecond }) : defaultSenderRate();
    return {
      claimed: {
        message,
        blockReason,
        route: { senderId: routeSenderId, senderVersion: routeSenderVersion, devNumber },
      },
      rate,
    };
  });
  return pace(entries);
}

/**
 * Takes a token per message from its sender's bucket; the rest go back to the queue (lease
 * cleared, the claim's attempt given back) due when their token will be. Messages that will
 * not be sent (blocked: canceled) and Twilio Verify codes (Verify has its own limits) need none.
 */
async function pace(
  entries: { claimed: ClaimedMessage; rate: number | null }[],
): Promise<ClaimedMessage[]> {
  const kept = new Set<ClaimedMessage>();
  const buckets = new Map<string, { rate: number; waiting: ClaimedMessage[] }>();
  for (const { claimed, rate } of entries) {
    if (rate === null || claimed.blockReason || claimed.message.provider === "twilio_verify") {
      kept.add(claimed);
      continue;
    }
    const key = claimed.route.senderId ?? DEFAULT_SENDER_KEY;
    const bucket = buckets.get(key) ?? { rate, waiting: [] };
    bucket.waiting.push(claimed);
    buckets.set(key, bucket);
  }
  const deferred: { message: Message; dueAt: Date }[] = [];
  for (const [key, { rate, waiting }] of buckets) {
    const taken = await takeSendTokens(key, rate, waiting.length);
    const now = Date.now();
    waiting.forEach((claimed, index) => {
      if (index < taken.granted) kept.add(claimed);
      else
        deferred.push({
          message: claimed.message,
          dueAt: new Date(now + taken.dueInMs(index - taken.granted)),
        });
    });
  }
  if (deferred.length > 0) {
    await db.$executeRaw`
      UPDATE "Message" AS m
      SET "lockedUntil" = NULL, "attempts" = m."attempts" - 1, "nextAttemptAt" = d."dueAt"
      FROM (VALUES ${Prisma.join(
        deferred.map(
          ({ message, dueAt }) =>
            Prisma.sql`(${message.id}::text, ${message.lockedUntil}::timestamptz, ${dueAt}::timestamptz)`,
        ),
      )}) AS d ("id", "lockedUntil", "dueAt")
      WHERE m."id" = d."id" AND m."lockedUntil" = d."lockedUntil"`;
  }
  return entries.map((entry) => entry.claimed).filter((claimed) => kept.has(claimed));
}

/**
 * SENDING, in its own statement, before the provider is called: if the process dies or the
 * database fails after the provider's answer, the next claim knows the send may have happened.
 * Returns the extended lease, or null if the lease is lost or the rule now forbids the send.
 */
export async function markSendStarted(
  message: Message,
  sender: { senderId: string | null; from: string },
): Promise<Date | null> {
  if (!message.lockedUntil) return null;
  const [row] = await sql.$queryRaw<{ lockedUntil: Date }[]>`
    UPDATE "Message" AS m
    SET "status" = 'SENDING', "sendStartedAt" = now(),
        "senderId" = ${sender.senderId}, "from" = ${sender.from},
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
