// Outbound SMS are written to the Message table (status QUEUED) in the same transaction as
// the change that needs them, then sent right after commit. If the provider is down or the
// process dies first, the row stays QUEUED and the outbox worker sends it later: no SMS that
// must go out is lost. Claims use FOR UPDATE SKIP LOCKED plus a lease (lockedUntil), so any
// number of app servers can work the same outbox without sending a message twice.
// Delivery is at least once: a crash between Twilio's answer and our commit resends.
import "server-only";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/metrics";
import type { Message } from "@/lib/generated/prisma/client";
import { recordEvent } from "@/lib/consent-events/record-event";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { recordDeliveryFailure } from "@/lib/risk/record-delivery-failure";
import { getSmsProvider } from "./providers/get-sms-provider";
import { SmsSendError } from "./providers/sms-provider";
import { redactCode } from "./redact-code";
import { transliterate } from "./transliterate";

export const MAX_SEND_ATTEMPTS = 8;
const LEASE_SECONDS = 60;

export type OutboundKind = "confirmation" | "notice" | "reply" | "code";

export interface EnqueueMessageInput {
  organizationId: string | null;
  subscriberId: string | null;
  kind: OutboundKind;
  to: string;
  body: string;
  /** GSM-7 only (ł→l, “→"…). Default: the setting of the subscriber's form version. */
  transliterate?: boolean;
}

export async function enqueueMessage(tx: Tx, input: EnqueueMessageInput): Promise<Message> {
  const provider = getSmsProvider();
  const { transliterate: wanted, ...fields } = input;
  // Transliterated here, once: the stored body (and so the evidence) is exactly what is sent.
  const gsm7 = wanted ?? (await formWantsTransliteration(tx, input.subscriberId));
  return tx.message.create({
    data: {
      ...fields,
      body: gsm7 ? transliterate(input.body) : input.body,
      direction: "OUTBOUND",
      provider: provider.name,
      from: provider.sender,
      status: "QUEUED",
      nextAttemptAt: new Date(),
    },
  });
}

async function formWantsTransliteration(tx: Tx, subscriberId: string | null): Promise<boolean> {
  if (!subscriberId) return false;
  const subscriber = await tx.subscriber.findUnique({
    where: { id: subscriberId },
    select: { formVersion: { select: { transliterate: true } } },
  });
  return subscriber?.formVersion?.transliterate ?? false;
}

export function statusCallbackUrl(messageId?: string): string {
  const base = `${getEnv().publicBaseUrl}/api/webhooks/twilio/status`;
  return messageId ? `${base}?messageId=${encodeURIComponent(messageId)}` : base;
}

/** Exponential backoff: 10 s, 20 s, 40 s … capped at 15 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(10 * 2 ** Math.max(0, attempts - 1), 15 * 60);
}

/** Sends the given queued messages now (typically right after the transaction that queued them). */
export async function dispatchMessages(messageIds: string[]): Promise<void> {
  for (const id of messageIds) {
    const claimed = await claim(id, 1);
    for (const message of claimed) await sendClaimed(message);
  }
}

/** Sends every due queued message; returns how many were attempted. */
export async function processOutbox(limit = 50): Promise<number> {
  const claimed = await claim(null, limit);
  for (const message of claimed) await sendClaimed(message);
  return claimed.length;
}

async function claim(id: string | null, limit: number): Promise<Message[]> {
  const ids = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Message" SET "lockedUntil" = now() + ${LEASE_SECONDS}::int * interval '1 second', "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT "id" FROM "Message"
      WHERE "status" = 'QUEUED' AND "direction" = 'OUTBOUND'
        AND (${id}::text IS NULL OR "id" = ${id})
        AND "nextAttemptAt" <= now()
        AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
      ORDER BY "nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id"`;
  if (ids.length === 0) return [];
  return db.message.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    orderBy: { createdAt: "asc" },
  });
}

async function sendClaimed(message: Message): Promise<void> {
  const provider = getSmsProvider();
  metrics.smsSendAttempts.inc({ provider: provider.name, kind: message.kind });
  try {
    const result = await provider.send({
      to: message.to,
      body: message.body,
      statusCallbackUrl: statusCallbackUrl(message.id),
    });
    await db.$transaction(async (tx) => {
      const now = new Date();
      const sent = await tx.message.update({
        where: { id: message.id },
        data: {
          sid: result.sid,
          status: result.status,
          providerStatus: result.providerStatus,
          from: result.from ?? message.from,
          sentAt: now,
          statusUpdatedAt: now,
          lockedUntil: null,
          nextAttemptAt: null,
          errorCode: null,
          errorMessage: null,
          ...(message.kind === "code" && provider.name !== "dev"
            ? { body: redactCode(message.body) }
            : {}),
        },
      });
      if ((result.status === "UNDELIVERED" || result.status === "FAILED") && sent.organizationId) {
        await recordDeliveryFailure(tx, {
          organizationId: sent.organizationId,
          phone: sent.to,
          errorCode: null,
          detail: { messageId: sent.id, kind: sent.kind, status: result.status },
          at: now,
        });
      }
      if (sent.organizationId && sent.subscriberId) {
        await recordEvent(tx, {
          organizationId: sent.organizationId,
          subscriberId: sent.subscriberId,
          type: "sms.sent",
          data: {
            messageId: sent.id,
            kind: sent.kind,
            provider: sent.provider,
            sid: result.sid,
            from: sent.from,
            to: sent.to,
            body: sent.body,
          },
          actor: SYSTEM_ACTOR,
          at: now,
        });
        // The dev provider (and a few Twilio edge cases) answer with a final status at once.
        if (
          result.status === "DELIVERED" ||
          result.status === "UNDELIVERED" ||
          result.status === "FAILED"
        ) {
          await recordEvent(tx, {
            organizationId: sent.organizationId,
            subscriberId: sent.subscriberId,
            type: "sms.delivery",
            data: {
              messageId: sent.id,
              kind: sent.kind,
              sid: result.sid,
              status: result.status,
              errorCode: null,
            },
            actor: SYSTEM_ACTOR,
            at: now,
          });
        }
      }
    });
    log.info(
      {
        event: "sms.sent",
        messageId: message.id,
        sid: result.sid,
        kind: message.kind,
        attempt: message.attempts,
      },
      "sms sent",
    );
  } catch (error) {
    await recordFailure(message, error);
  }
}

async function recordFailure(message: Message, error: unknown): Promise<void> {
  const sendError =
    error instanceof SmsSendError
      ? error
      : new SmsSendError(error instanceof Error ? error.message : String(error), {
          code: null,
          retryable: true,
        });
  const willRetry = sendError.retryable && message.attempts < MAX_SEND_ATTEMPTS;
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
      willRetry,
      err: sendError,
    },
    willRetry ? "sms send failed; will retry" : "sms send failed; giving up",
  );
  await db.$transaction(async (tx) => {
    await tx.message.update({
      where: { id: message.id },
      data: {
        status: willRetry ? "QUEUED" : "FAILED",
        errorCode: sendError.code,
        errorMessage: sendError.message.slice(0, 500),
        lockedUntil: null,
        nextAttemptAt: willRetry
          ? new Date(Date.now() + retryDelaySeconds(message.attempts) * 1000)
          : null,
        statusUpdatedAt: new Date(),
      },
    });
    if (!willRetry && message.organizationId) {
      await recordDeliveryFailure(tx, {
        organizationId: message.organizationId,
        phone: message.to,
        errorCode: sendError.code,
        detail: {
          messageId: message.id,
          kind: message.kind,
          status: "FAILED",
          errorMessage: sendError.message.slice(0, 500),
        },
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
          errorMessage: sendError.message.slice(0, 500),
          attempts: message.attempts,
          willRetry,
        },
        actor: SYSTEM_ACTOR,
      });
    }
  });
}
