// Outbound SMS are written to the Message table (status QUEUED) in the same transaction as
// the change that needs them; the in-process worker is woken right after commit
// (outbox-worker.ts) and the periodic pass picks up retries and anything a crash left behind,
// so no SMS that must go out is lost and no request waits for the provider.
//
// Sending one message:
//   1. claim (outbox-claim.ts): lease it and check, in the same statement, that the person
//      may still be texted for its purpose; if not, cancel it with the reason as evidence;
//   2. a message already SENDING (a previous send may have happened) is looked up at the
//      provider first, and recorded as sent if the provider has it;
//   3. mark it SENDING in its own statement (the rule is checked again there);
//   4. call the provider;
//   5. store the SID in its own statement, retried with backoff (record-send-outcome.ts);
//   6. record the rest and the evidence in a transaction.
// What remains: a crash between the provider's answer and step 5 leaves a SENDING message
// without SID, which step 2 finds at the provider (unless the provider's list does not show
// it), so it is not sent twice.
import "server-only";
import type { Tx } from "@/lib/db/types";
import { getEnv } from "@/lib/env";
import { Prisma, type Message } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/metrics";
import { cancelBlockedMessages } from "./cancel-blocked-messages";
import {
  claimMessages,
  markSendStarted,
  releaseMessage,
  type ClaimedMessage,
} from "./outbox-claim";
import { providerForRoute, type SendingProvider } from "@/lib/senders/sender-provider";
import { purposeOf, type CodePurpose, type OutboundKind } from "./outbound-rules";
import { getSmsProvider } from "./providers/get-sms-provider";
import { SmsSendError, type SendSmsResult } from "./providers/sms-provider";
import { sendWithVerify, VERIFY_PROVIDER } from "./providers/verify-outbox";
import {
  persistProviderSid,
  recordSendFailure,
  recordSent,
  retryDelaySeconds,
} from "./record-send-outcome";
import { transliterate } from "./transliterate";

export { MAX_SEND_ATTEMPTS, retryDelaySeconds } from "./record-send-outcome";

export type { OutboundKind } from "./outbound-rules";

export interface EnqueueMessageInput {
  organizationId: string | null;
  subscriberId: string | null;
  kind: Exclude<OutboundKind, "reply">;
  to: string;
  body: string;
  /** GSM-7 only (ł→l, “→"…). Default: the setting of the subscriber's form version. */
  transliterate?: boolean;
  /** A code SMS: the verification it carries the code of, and what that verification is for. */
  code?: { verificationId: string; purpose: CodePurpose };
  /** Twilio Verify makes and sends the code itself (no body of ours goes out). */
  viaVerify?: boolean;
}

export async function enqueueMessage(tx: Tx, input: EnqueueMessageInput): Promise<Message> {
  const gsm7 = input.transliterate ?? (await formWantsTransliteration(tx, input.subscriberId));
  return tx.message.create({ data: outboxRow({ ...input, transliterate: gsm7 }) });
}

/**
 * The same queued message as enqueueMessage, as a named CTE ('"name" AS (INSERT …)') for a
 * caller that writes it in the statement of its change (see appendEventSql). Its id is given
 * by the caller; transliteration must be decided by the caller too.
 */
export function enqueueMessageSql(
  name: string,
  id: string,
  input: EnqueueMessageInput & { transliterate: boolean },
): Prisma.Sql {
  const row = outboxRow(input);
  return Prisma.sql`${Prisma.raw(`"${name}"`)} AS (
    INSERT INTO "Message" ("id", "organizationId", "subscriberId", "kind", "to", "body",
      "purpose", "verificationId", "direction", "provider", "from", "status", "nextAttemptAt")
    VALUES (${id}, ${row.organizationId}, ${row.subscriberId}, ${row.kind}, ${row.to},
      ${row.body}, ${row.purpose}::"ConsentPurpose", ${row.verificationId},
      ${row.direction}::"MessageDirection", ${row.provider}, ${row.from},
      ${row.status}::"MessageStatus", ${row.nextAttemptAt}::timestamptz)
  )`;
}

/** Transliterated here, once: the stored body (and so the evidence) is exactly what is sent. */
function outboxRow(input: EnqueueMessageInput & { transliterate: boolean }) {
  const provider = getSmsProvider();
  const { transliterate: gsm7, code, viaVerify, ...fields } = input;
  return {
    ...fields,
    purpose: purposeOf(input.kind, code?.purpose),
    verificationId: code?.verificationId ?? null,
    body: gsm7 ? transliterate(input.body) : input.body,
    direction: "OUTBOUND" as const,
    provider: viaVerify ? VERIFY_PROVIDER : provider.name,
    from: viaVerify ? (getEnv().TWILIO_VERIFY_SERVICE_SID ?? "") : provider.sender,
    status: "QUEUED" as const,
    nextAttemptAt: new Date(),
  };
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

/** Sends every due queued message; returns how many were claimed. */
export async function processOutbox(limit = 50): Promise<number> {
  const claimed = await claimMessages(null, limit);
  for (const message of claimed) await sendClaimedMessage(message);
  return claimed.length;
}

/** Steps 2–6 above for one claimed message. Never throws for a send that failed. */
export async function sendClaimedMessage({
  message,
  blockReason,
  route,
}: ClaimedMessage): Promise<void> {
  if (blockReason) {
    if (message.status === "SENDING") {
      const previous = await resolvePreviousSend(message, await providerForRoute(route));
      if (previous !== "not_sent") return;
    }
    await cancelClaimed(message);
    return;
  }
  const sending = await providerForRoute(route);
  if (message.status === "SENDING") {
    const previous = await resolvePreviousSend(message, sending);
    if (previous !== "not_sent") return;
  }
  const viaVerify = message.provider === VERIFY_PROVIDER;
  const lease = await markSendStarted(message, {
    senderId: sending.senderId,
    from: viaVerify ? message.from : sending.provider.sender,
  });
  if (!lease) {
    // Either the rule forbids it now (cancel, with evidence) or the lease was lost.
    await cancelClaimed(message);
    return;
  }
  const started = { ...message, status: "SENDING" as const, lockedUntil: lease };
  metrics.smsSendAttempts.inc({ provider: message.provider, kind: message.kind });
  let result: SendSmsResult;
  try {
    result = await sendToProvider(started, sending);
  } catch (error) {
    await recordSendFailure(started, error);
    return;
  }
  if (await recordSendResult(message.id, result)) {
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
  }
}

/** Steps 5 and 6; if the bookkeeping fails, the next claim or the status callback finishes it. */
async function recordSendResult(messageId: string, result: SendSmsResult): Promise<boolean> {
  if (!(await persistProviderSid(messageId, result))) return false;
  try {
    await recordSent(messageId, result);
  } catch (error) {
    log.error(
      { event: "sms.record_sent_failed", messageId, sid: result.sid, err: error },
      "sms sent; its evidence will be recorded on the next pass",
    );
  }
  return true;
}

/**
 * A message left SENDING: with a SID, the send happened and only its bookkeeping is missing;
 * without one, ask the provider whether it has the message.
 */
async function resolvePreviousSend(
  message: Message,
  sending: SendingProvider,
): Promise<"recorded" | "not_sent" | "later"> {
  if (message.sid) {
    await recordSent(message.id, {
      sid: message.sid,
      status: "ACCEPTED",
      providerStatus: message.providerStatus ?? "accepted",
      from: message.from,
    });
    return "recorded";
  }
  let found: SendSmsResult | null | "unknown";
  try {
    found = await findAtProvider(message, sending);
  } catch (error) {
    log.warn(
      { event: "sms.lookup_failed", messageId: message.id, err: error },
      "could not look up a message at the provider; trying later",
    );
    await releaseMessage(
      message,
      new Date(Date.now() + retryDelaySeconds(message.attempts) * 1000),
    );
    return "later";
  }
  if (found === "unknown") {
    // The provider cannot be asked (Twilio Verify): never risk a second code; the person can
    // ask for a new one from the form.
    await recordSendFailure(
      message,
      new SmsSendError("Send outcome unknown and the provider cannot be asked", {
        code: null,
        retryable: false,
        outcomeUnknown: true,
      }),
    );
    return "later";
  }
  if (!found) return "not_sent";
  await recordSendResult(message.id, found);
  return "recorded";
}

async function cancelClaimed(message: Message): Promise<void> {
  if (!message.lockedUntil) return;
  const lockedUntil = message.lockedUntil;
  await db.$transaction(async (tx) => {
    // Same lock order as a STOP (subscriber, then its messages), so the two never deadlock.
    await tx.$queryRaw`
      SELECT 1 FROM "Message" m
      LEFT JOIN "VerificationCode" v ON v."id" = m."verificationId"
      JOIN "Subscriber" s ON s."id" = COALESCE(m."subscriberId", v."subscriberId")
      WHERE m."id" = ${message.id}
      FOR UPDATE OF s`;
    await cancelBlockedMessages(tx, { messageId: message.id, lockedUntil });
  });
}

function sendToProvider(message: Message, sending: SendingProvider): Promise<SendSmsResult> {
  if (message.provider === VERIFY_PROVIDER) return sendWithVerify(message);
  return sending.provider.send({
    to: message.to,
    body: message.body,
    statusCallbackUrl: statusCallbackUrl(message.id),
  });
}

function findAtProvider(
  message: Message,
  sending: SendingProvider,
): Promise<SendSmsResult | null | "unknown"> {
  if (message.provider === VERIFY_PROVIDER) return Promise.resolve("unknown");
  return sending.provider.findSent({
    to: message.to,
    body: message.body,
    sender: message.from,
    since: message.sendStartedAt ?? message.createdAt,
  });
}
