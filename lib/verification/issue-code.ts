// Sending a code, shared by signups, enrollments and resends: the limits (30 s between sends,
// 5 sends per number per hour), "code N of today", the hashed code, the SMS in the outbox
// and the evidence, all in the caller's transaction.
import "server-only";
import { randomBytes } from "node:crypto";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import type { DbClient, Tx } from "@/lib/db/types";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode } from "@/lib/errors";
import type { VerificationCode } from "@/lib/generated/prisma/client";
import type { Locale } from "@/lib/i18n/locales";
import { log } from "@/lib/log/logger";
import { recordRiskEvent } from "@/lib/risk/record-risk-event";
import { enqueueMessage } from "@/lib/sms/outbox";
import { wakeOutbox } from "@/lib/sms/outbox-worker";
import { outboundBlockReason, purposeOf } from "@/lib/sms/outbound-rules";
import { VERIFY_PLACEHOLDER_BODY } from "@/lib/sms/providers/verify-outbox";
import { VerifyError, type VerifyChannel } from "@/lib/sms/providers/twilio-verify";
import {
  cooldownRemainingSeconds,
  expiresAtFor,
  generateCode,
  hashCode,
  hourlyCapRetryAfterSeconds,
  MAX_SENDS_PER_HOUR,
  nextSequence,
  sendsInLastHour,
  startOfDay,
} from "./code-policy";
import { renderCodeSms, type CodePurpose } from "./code-sms";
import {
  availableChannels,
  getVerifyClient,
  verificationProvider,
  type VerificationProvider,
} from "./verification-driver";

export function verificationSecret(): string {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return secret;
}

/** Random, not sequential: the public form holds this id, so it must not be guessable. */
export function newVerificationId(): string {
  return `ver_${randomBytes(16).toString("base64url")}`;
}

export interface CodeTarget {
  organizationId: string;
  formId: string | null;
  subscriberId: string | null;
  phone: string;
  country: string | null;
  purpose: CodePurpose;
  locale: Locale;
  programName: string;
  expiryMinutes: number;
  /** The form's "GSM-7 only" setting: the code SMS has no subscriber to take it from. */
  transliterate?: boolean;
  marketingConsentRequested?: boolean;
  capture: {
    ip: string | null;
    userAgent: string | null;
    pageUrl: string | null;
    referrer: string | null;
  };
}

function sendHistory(client: DbClient, organizationId: string, phone: string, now: Date) {
  return client.verificationCode.findMany({
    where: {
      organizationId,
      phone,
      OR: [
        { createdAt: { gte: startOfDay(now) } },
        { lastSentAt: { gt: new Date(now.getTime() - 3600_000) } },
      ],
    },
    select: { createdAt: true, lastSentAt: true, sends: true },
  });
}

function hourlyCapError(retryAfter: number): AppError {
  return new AppError(
    ErrorCode.RATE_LIMITED,
    `This number has had ${MAX_SENDS_PER_HOUR} codes in the last hour. Try again later.`,
    { retryAfter },
  );
}

/**
 * Refuses a send that would break the limits, before any provider is paid: 429 with
 * Retry-After. Reaching the hourly cap is recorded as a risk signal (SMS pumping looks so).
 */
export async function assertCanSend(options: {
  organizationId: string;
  formId: string | null;
  phone: string;
  country: string | null;
  ip: string | null;
  lastSentAt: Date | null;
  now: Date;
}): Promise<void> {
  const { organizationId, phone, now } = options;
  if (options.lastSentAt) {
    const wait = cooldownRemainingSeconds(options.lastSentAt, now);
    if (wait > 0) {
      throw new AppError(ErrorCode.RATE_LIMITED, `Wait ${wait} s before asking for another code.`, {
        retryAfter: wait,
      });
    }
  }
  const history = await sendHistory(db, organizationId, phone, now);
  const sends = sendsInLastHour(history, now);
  if (sends >= MAX_SENDS_PER_HOUR) {
    await recordRiskEvent({
      organizationId,
      type: "repeated_code_requests",
      formId: options.formId,
      ip: options.ip,
      phone,
      country: options.country,
      detail: { sendsInLastHour: sends },
    });
    throw hourlyCapError(hourlyCapRetryAfterSeconds(history, now));
  }
}

/** The most recent send to this number in this organization (for the cooldown). */
export async function lastSendTo(organizationId: string, phone: string): Promise<Date | null> {
  const latest = await db.verificationCode.findFirst({
    where: { organizationId, phone },
    orderBy: { lastSentAt: "desc" },
    select: { lastSentAt: true },
  });
  return latest?.lastSentAt ?? null;
}

export interface RecordCodeSendOptions {
  target: CodeTarget;
  /** Resend in place: same verification id, new code, next sequence, attempts reset. */
  existing: VerificationCode | null;
  provider: VerificationProvider;
  channel: VerifyChannel;
  /** Twilio Verify's verification SID, when Twilio already sent the code. */
  providerSid: string | null;
  now: Date;
}

export async function recordCodeSend(
  tx: Tx,
  { target, existing, provider, channel, providerSid, now }: RecordCodeSendOptions,
): Promise<{ verification: VerificationCode; messageId: string | null }> {
  const { organizationId, phone } = target;
  // Locks in one order everywhere (subscriber row, then number), so that paths cannot deadlock.
  if (target.subscriberId) {
    await tx.$queryRaw`SELECT 1 FROM "Subscriber" WHERE "id" = ${target.subscriberId} FOR UPDATE`;
  }
  // One sender per number at a time, so that two requests never get the same sequence.
  await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(hashtext(${`verify:${organizationId}:${phone}`}))`;
  const history = await sendHistory(tx, organizationId, phone, now);
  // Twilio already sent its code; for our own, a concurrent request may have used the last send.
  if (provider === "optline" && sendsInLastHour(history, now) >= MAX_SENDS_PER_HOUR) {
    throw hourlyCapError(hourlyCapRetryAfterSeconds(history, now));
  }
  const sequence = nextSequence(history, now);
  const id = existing?.id ?? newVerificationId();
  const code = provider === "optline" ? generateCode() : null;
  const fields = {
    codeHash: code ? hashCode(code, { verificationId: id, phone }, verificationSecret()) : null,
    providerSid: providerSid ?? existing?.providerSid ?? null,
    channel,
    sequence,
    status: "PENDING" as const,
    attempts: 0,
    lastSentAt: now,
    expiresAt: expiresAtFor(now, target.expiryMinutes),
    approvedAt: null,
  };
  const verification = existing
    ? await tx.verificationCode.update({
        where: { id },
        data: { ...fields, sends: { increment: 1 } },
      })
    : await tx.verificationCode.create({
        data: {
          ...fields,
          id,
          organizationId,
          subscriberId: target.subscriberId,
          formId: target.formId,
          phone,
          purpose: target.purpose,
          provider,
          sends: 1,
          marketingConsentRequested: target.marketingConsentRequested ?? false,
          ip: target.capture.ip,
          userAgent: target.capture.userAgent,
          pageUrl: target.capture.pageUrl,
          referrer: target.capture.referrer,
          createdAt: now,
        },
      });

  let messageId: string | null = null;
  // Not linked to the subscriber on purpose: the outbox copies a subscriber's SMS bodies into
  // the append-only evidence, and a code must never be kept there in plain text. The message
  // names its verification (whose subscriber the consent rule checks), and the evidence gets
  // "verification.code_sent" with the message id.
  const codeMessage = {
    organizationId,
    subscriberId: null,
    kind: "code" as const,
    to: phone,
    code: { verificationId: verification.id, purpose: target.purpose },
  };
  if (code) {
    const message = await enqueueMessage(tx, {
      ...codeMessage,
      transliterate: target.transliterate ?? false,
      body: renderCodeSms({
        locale: target.locale,
        purpose: target.purpose,
        programName: target.programName,
        code,
        sequence,
        expiryMinutes: target.expiryMinutes,
      }),
    });
    messageId = message.id;
  } else if (provider === "twilio_verify" && !providerSid) {
    // Twilio Verify, not started yet (a signup): the outbox asks Twilio after commit.
    const message = await enqueueMessage(tx, {
      ...codeMessage,
      transliterate: false,
      body: VERIFY_PLACEHOLDER_BODY,
      viaVerify: true,
    });
    messageId = message.id;
  }
  if (verification.subscriberId) {
    await recordEvent(tx, {
      organizationId,
      subscriberId: verification.subscriberId,
      type: "verification.code_sent",
      data: {
        verificationId: verification.id,
        provider,
        channel,
        sequence,
        sends: verification.sends,
        expiresAt: verification.expiresAt.toISOString(),
        messageId,
      },
      actor: SYSTEM_ACTOR,
      at: now,
    });
  }
  return { verification, messageId };
}

/**
 * Sends a code with the configured driver, outside any transaction: Twilio Verify is called
 * first (its answer gives the SID), then the send is recorded; optline's own SMS is queued
 * with the record and sent in the background after commit, so an outage leaves it in the outbox.
 */
export async function sendCode(options: {
  target: CodeTarget;
  existing: VerificationCode | null;
  channel: VerifyChannel;
  now: Date;
  /** Runs first in the same transaction (e.g. retire older codes of the same form). */
  before?: (tx: Tx) => Promise<void>;
}): Promise<VerificationCode> {
  const provider = verificationProvider();
  if (!availableChannels().includes(options.channel)) {
    throw AppError.validation(
      { channel: ["Only text messages are available for codes here."] },
      "Only text messages are available for codes here.",
    );
  }
  // The consent rule of the outbox, before Twilio Verify is asked to text anyone (and before
  // a code is queued that the outbox would cancel anyway).
  const blocked = await outboundBlockReason({
    organizationId: options.target.organizationId,
    to: options.target.phone,
    subscriberId: options.target.subscriberId,
    verificationId: null,
    kind: "code",
    purpose: purposeOf("code", options.target.purpose),
  });
  if (blocked) {
    throw new AppError(ErrorCode.CONFLICT, "This number can't be sent a code now.");
  }
  const providerSid =
    provider === "twilio_verify" ? await startWithTwilio(options.target, options.channel) : null;
  const { verification, messageId } = await db.$transaction(async (tx) => {
    await options.before?.(tx);
    return recordCodeSend(tx, { ...options, provider, providerSid });
  });
  if (messageId) wakeOutbox([messageId]);
  return verification;
}

async function startWithTwilio(target: CodeTarget, channel: VerifyChannel): Promise<string> {
  try {
    const started = await getVerifyClient().start({
      to: target.phone,
      channel,
      locale: target.locale,
    });
    return started.sid;
  } catch (error) {
    if (!(error instanceof VerifyError)) throw error;
    if (error.kind === "max_send_attempts") {
      await recordRiskEvent({
        organizationId: target.organizationId,
        type: "repeated_code_requests",
        formId: target.formId,
        ip: target.capture.ip,
        phone: target.phone,
        country: target.country,
        errorCode: error.code,
        detail: { provider: "twilio_verify" },
      });
      throw new AppError(
        ErrorCode.RATE_LIMITED,
        "This number has had too many codes. Try again later.",
        { retryAfter: 600 },
      );
    }
    if (error.kind === "invalid_parameter") {
      throw AppError.validation(
        { phone: ["This number can't receive codes on that channel."] },
        "This number can't receive codes on that channel.",
      );
    }
    log.warn(
      { event: "verification.send_failed", errorCode: error.code, kind: error.kind, err: error },
      "Twilio Verify failed",
    );
    // 429 + Retry-After: a provider outage is "try again shortly", not a server bug.
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      "We couldn't send a code right now. Try again in a moment.",
      { retryAfter: 30 },
    );
  }
}
