// What the outbox writes after a provider call. The provider's SID first, alone, in the
// shortest statement possible, retried with backoff while the database is unreachable: once
// it is stored, the message can never be sent again. Then, in a transaction, the rest of the
// bookkeeping and the evidence (recordSent), which the next claim (or the status callback)
// completes if it fails. A failed send is recorded by recordSendFailure.
import "server-only";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import {
  appendEventSql,
  nextEvent,
  recordEvent,
  takeChainHeadSql,
} from "@/lib/consent-events/record-event";
import { db, sql } from "@/lib/db/client";
import { log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/metrics";
import type { SqlClient } from "@/lib/db/sql";
import type { Tx } from "@/lib/db/types";
import { Prisma, type Message, type MessageStatus } from "@/lib/generated/prisma/client";
import { recordDeliveryFailure } from "@/lib/risk/record-delivery-failure";
import { SmsSendError, type SendSmsResult } from "./providers/sms-provider";
import { REDACTED_CODE_BODY_SQL } from "./redact-code";

export const MAX_SEND_ATTEMPTS = 8;

/** 0.1 s, 0.25 s … then every 10 s: about 75 s in all, longer than the claim's lease. */
export const SID_WRITE_RETRY_DELAYS_MS = [
  100, 250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000, 10_000, 10_000,
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stores the provider's SID of a message that was just sent. Returns false if it could not be
 * written at all (the next claim then finds the message SENDING and looks it up at the
 * provider, so it is still not sent twice).
 */
export async function persistProviderSid(
  messageId: string,
  result: SendSmsResult,
  retryDelaysMs: readonly number[] = SID_WRITE_RETRY_DELAYS_MS,
): Promise<boolean> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await sql.$executeRaw`
        UPDATE "Message"
        SET "sid" = ${result.sid}, "providerStatus" = ${result.providerStatus},
            "from" = COALESCE(${result.from}, "from"), "sentAt" = COALESCE("sentAt", now())
        WHERE "id" = ${messageId} AND ("sid" IS NULL OR "sid" = ${result.sid})`;
      return true;
    } catch (error) {
      const delay = retryDelaysMs[attempt];
      if (delay === undefined) {
        log.error(
          { event: "sms.sid_write_failed", messageId, sid: result.sid, err: error },
          "could not store the SID of a sent message; it will be looked up at the provider before any resend",
        );
        return false;
      }
      await sleep(delay);
    }
  }
}

export interface SentOutcome extends SendSmsResult {
  at?: Date;
}

/** The send's bookkeeping and evidence, once. Returns false if it was already recorded. */
export async function recordSent(messageId: string, outcome: SentOutcome): Promise<boolean> {
  // Every signup's text comes here: through the driver (lib/db/sql.ts). A provider answer
  // that is already a failure (rare) also records a risk event, through Prisma's model API.
  if (isFailure(outcome.status)) {
    return db.$transaction((tx) => recordSentInTx(tx, messageId, outcome, tx));
  }
  return sql.transaction((tx) => recordSentInTx(tx, messageId, outcome, null));
}

/**
 * For a message that is still SENDING: its status from the provider's answer, the SID, the
 * code redacted (a real provider has it now), and the `sms.sent` event (plus `sms.delivery`
 * when the answer is already final). Also used by the status callback when it is the first to
 * tell us the SID.
 */
export async function recordSentInTx(
  tx: SqlClient,
  messageId: string,
  outcome: SentOutcome,
  /** The same transaction as a Prisma client; needed when the outcome is a failure. */
  prismaTx: Tx | null,
): Promise<boolean> {
  const now = outcome.at ?? new Date();
  // One statement: the message updated (locked; only if still SENDING: the status callback
  // may be recording the same send), then, as recordEvent takes them, its subscriber's row
  // and the head of its evidence chain. The code in a code SMS is redacted here: a real
  // provider has it now (the dev provider's Dev phone keeps it a while: redact-code.ts).
  const [sent] = await tx.$queryRaw<(Message & { seq: number | null; hash: string | null })[]>`
    WITH "sent" AS (
      UPDATE "Message"
      SET "sid" = ${outcome.sid}, "status" = ${outcome.status}::"MessageStatus",
        "providerStatus" = ${outcome.providerStatus}, "from" = COALESCE(${outcome.from}, "from"),
        "sentAt" = COALESCE("sentAt", ${now}::timestamptz), "statusUpdatedAt" = ${now}::timestamptz,
        "lockedUntil" = NULL, "nextAttemptAt" = NULL, "errorCode" = NULL, "errorMessage" = NULL,
        "body" = CASE WHEN "kind" = 'code' AND "provider" <> 'dev'
          THEN ${REDACTED_CODE_BODY_SQL} ELSE "body" END
      WHERE "id" = ${messageId} AND "status" = 'SENDING'
      RETURNING *
    ), "head" AS (
      ${takeChainHeadSql(Prisma.sql`
        SELECT su."organizationId", su."id" AS "chainId"
        FROM "Subscriber" su JOIN "sent" m
          ON su."id" = m."subscriberId" AND su."organizationId" = m."organizationId"
        FOR UPDATE OF su`)}
    )
    SELECT m.*, h."seq", h."hash" FROM "sent" m LEFT JOIN "head" h ON TRUE`;
  if (!sent) return false;
  const { seq, hash, ...message } = sent;
  if (message.verificationId && message.provider === "twilio_verify") {
    await tx.$executeRaw`
      UPDATE "VerificationCode" SET "providerSid" = ${outcome.sid}
      WHERE "id" = ${message.verificationId}`;
  }
  if (isFailure(outcome.status) && message.organizationId) {
    if (!prismaTx) throw new Error("A failed send is recorded in a Prisma transaction");
    await recordDeliveryFailure(prismaTx, {
      organizationId: message.organizationId,
      phone: message.to,
      errorCode: null,
      detail: { messageId: message.id, kind: message.kind, status: outcome.status },
      at: now,
    });
  }
  if (message.organizationId && message.subscriberId) {
    if (seq === null || hash === null) {
      throw new Error(`No chain owner for ${message.subscriberId} in ${message.organizationId}`);
    }
    const base = {
      organizationId: message.organizationId,
      subscriberId: message.subscriberId,
      actor: SYSTEM_ACTOR,
      at: now,
    };
    const events = [
      nextEvent(
        {
          ...base,
          type: "sms.sent",
          data: {
            messageId: message.id,
            kind: message.kind,
            provider: message.provider,
            sid: outcome.sid,
            from: message.from,
            to: message.to,
            body: message.body,
          },
        },
        { seq, hash },
      ),
    ];
    // The dev provider (and a few Twilio edge cases) answer with a final status at once.
    if (isFinal(outcome.status)) {
      events.push(
        nextEvent(
          {
            ...base,
            type: "sms.delivery",
            data: {
              messageId: message.id,
              kind: message.kind,
              sid: outcome.sid,
              status: outcome.status as "DELIVERED" | "UNDELIVERED" | "FAILED",
              errorCode: null,
            },
          },
          events[0]!,
        ),
      );
    }
    for (const event of events) await tx.$executeRaw(appendEventSql(event));
  }
  return true;
}

function isFailure(status: MessageStatus): boolean {
  return status === "UNDELIVERED" || status === "FAILED";
}

function isFinal(status: MessageStatus): boolean {
  return status === "DELIVERED" || status === "UNDELIVERED" || status === "FAILED";
}

/** 10 s, 20 s, 40 s … capped at 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(10 * 2 ** Math.max(0, attempts - 1), 15 * 60);
}

/**
 * A send that failed. A refusal the provider answered is not a send: the message goes back
 * to QUEUED (or FAILED for good). A timeout or a lost connection may have been a send: it
 * stays SENDING, so the next attempt looks it up at the provider first.
 */
export async function recordSendFailure(message: Message, error: unknown): Promise<void> {
  const sendError =
    error instanceof SmsSendError
      ? error
      : new SmsSendError(error instanceof Error ? error.message : String(error), {
          code: null,
          retryable: true,
          outcomeUnknown: true,
        });
  const willRetry = sendError.retryable && message.attempts < MAX_SEND_ATTEMPTS;
  const errorMessage = (
    sendError.outcomeUnknown && !willRetry
      ? `${sendError.message} (the provider may have sent it)`
      : sendError.message
  ).slice(0, 500);
  metrics.smsSendFailures.inc({
    error_code: String(sendError.code ?? "none"),
    will_retry: String(willRetry),
  });
  log.warn(
    {
      event: "sms.send_failed",
      messageId: message.id,
      attempt: message.attempts,
      errorCode: sendError.code,
      outcomeUnknown: sendError.outcomeUnknown,
      willRetry,
      err: sendError,
    },
    willRetry ? "sms send failed; will retry" : "sms send failed; giving up",
  );
  const status: MessageStatus = !willRetry
    ? "FAILED"
    : sendError.outcomeUnknown
      ? "SENDING"
      : "QUEUED";
  await db.$transaction(async (tx) => {
    const { count } = await tx.message.updateMany({
      // Still ours and still unanswered: a status callback may have recorded the send meanwhile.
      where: { id: message.id, status: "SENDING", sid: null },
      data: {
        status,
        ...(status === "SENDING" ? {} : { sendStartedAt: null }),
        errorCode: sendError.code,
        errorMessage,
        lockedUntil: null,
        nextAttemptAt: willRetry
          ? new Date(Date.now() + retryDelaySeconds(message.attempts) * 1000)
          : null,
        statusUpdatedAt: new Date(),
      },
    });
    if (count === 0) return;
    if (!willRetry && message.organizationId) {
      await recordDeliveryFailure(tx, {
        organizationId: message.organizationId,
        phone: message.to,
        errorCode: sendError.code,
        detail: { messageId: message.id, kind: message.kind, status: "FAILED", errorMessage },
      });
    }
    if (message.organizationId && message.subscriberId) {
      await recordEvent(tx, {
        organizationId: message.organizationId,
        subscriberId: message.subscriberId,
        type: "sms.failed",
        data: {
          messageId: message.id,
          kind: message.kind,
          provider: message.provider,
          errorCode: sendError.code,
          errorMessage,
          attempts: message.attempts,
          willRetry,
        },
        actor: SYSTEM_ACTOR,
      });
    }
  });
}
