// A person types the code. Wrong, expired, dead (5 wrong entries) and used codes get clear
// answers and change nothing but the attempt count; each failure is recorded as evidence
// (when the number is a subscriber) and as a risk signal. A right code is used up at once and:
//   signup form     -> confirms the pending marketing consent, exactly as a YES reply does;
//   enrollment form -> grants the 2FA consent and, if ticked, marketing (granted + confirmed),
//                      and returns a device token.
import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { subscriberActor, type Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import { upsertConsent } from "@/lib/subscribers/upsert-consent";
import { AppError, ErrorCode, parseInput } from "@/lib/errors";
import { renderFormSms } from "@/lib/forms/form-content";
import { sha256Hex } from "@/lib/forms/form-version-columns";
import type { VerificationCode } from "@/lib/generated/prisma/client";
import type { RequestContext } from "@/lib/http/request-context";
import { toLocale } from "@/lib/i18n/locales";
import { recordRiskEvent, type RiskEventType } from "@/lib/risk/record-risk-event";
import { enqueueMessage } from "@/lib/sms/outbox";
import { wakeOutbox } from "@/lib/sms/outbox-worker";
import { VerifyError } from "@/lib/sms/providers/twilio-verify";
import { systemText } from "@/lib/sms/system-texts";
import { withdrawLinkIfUsed } from "@/lib/portal/withdraw-link-url";
import {
  afterWrongAttempt,
  codeMatches,
  isExpired,
  MAX_WRONG_ATTEMPTS,
  normalizeCodeInput,
} from "./code-policy";
import { issueDeviceToken } from "./device-token";
import { getVerifyClient } from "./verification-driver";
import { getVerificationForm, type VerificationForm } from "./verification-form";
import { verificationSecret } from "./issue-code";
import { ZCheckVerificationSchema } from "./verification-schemas";

export type CheckFailureReason =
  "wrong_code" | "expired" | "too_many_attempts" | "already_used" | "replaced";

export type CheckOutcome =
  | {
      ok: true;
      status: "approved";
      verificationId: string;
      subscriberId: string;
      /** confirmed: this code confirmed marketing; unchanged: marketing was not asked for or already settled. */
      marketing: "confirmed" | "unchanged";
      deviceToken: string | null;
      deviceTokenExpiresAt: string | null;
    }
  | {
      ok: false;
      reason: CheckFailureReason;
      message: string;
      attemptsLeft: number;
    };

const MESSAGES: Record<CheckFailureReason, string> = {
  wrong_code: "That code isn't right.",
  expired: "This code has expired. Ask for a new one.",
  too_many_attempts: "Too many wrong codes: this code no longer works. Ask for a new one.",
  already_used: "This code was already used.",
  replaced: "A newer code was sent. Use the latest one.",
};

function failure(reason: CheckFailureReason, attemptsLeft = 0): CheckOutcome {
  const message =
    reason === "wrong_code"
      ? `${MESSAGES.wrong_code} ${attemptsLeft} ${attemptsLeft === 1 ? "try" : "tries"} left.`
      : MESSAGES[reason];
  return { ok: false, reason, message, attemptsLeft };
}

/** A verification that is no longer pending answers the same way every time. */
function settledOutcome(row: VerificationCode): CheckOutcome | null {
  switch (row.status) {
    case "APPROVED":
      return failure("already_used");
    case "EXPIRED":
      return failure("expired");
    case "FAILED":
      return failure("too_many_attempts");
    case "CANCELED":
      return failure("replaced");
    case "PENDING":
      return null;
  }
}

export interface CheckVerificationOptions {
  verificationId: string;
  input: unknown;
  /** API callers: only their organization's verifications exist. Public form: any. */
  organizationId?: string;
  context: RequestContext;
  /** Who typed the code: the person on the public form, or the business's app (API key). */
  actor?: Actor;
  /**
   * Enrollment approvals through the API return a device token. The public form does not:
   * any site could relay that flow and would walk away with a token that skips 2FA.
   */
  issueDeviceToken?: boolean;
  now?: Date;
}

export async function checkVerification({
  verificationId,
  input,
  organizationId,
  context,
  actor,
  issueDeviceToken: withDeviceToken = false,
  now = new Date(),
}: CheckVerificationOptions): Promise<CheckOutcome> {
  const request = parseInput(ZCheckVerificationSchema, input);
  const code = normalizeCodeInput(request.code);
  if (!code)
    throw AppError.validation({ code: ["Enter the 6-digit code."] }, "Enter the 6-digit code.");
  if (!/^[\w-]{1,64}$/.test(verificationId)) throw AppError.notFound("Verification");
  const row = await db.verificationCode.findFirst({
    where: { id: verificationId, ...(organizationId ? { organizationId } : {}) },
  });
  if (!row) throw AppError.notFound("Verification");
  if (row.purpose === "enrollment" && !request.consents.verification) {
    throw AppError.validation(
      { "consents.verification": ["Tick the box to agree to receive verification codes."] },
      "Tick the box to agree to receive verification codes.",
    );
  }
  const settled = settledOutcome(row);
  if (settled) return settled;

  const who = actor ?? subscriberActor(row.phone, context);
  const signal = (type: RiskEventType, tx: Tx) =>
    recordRiskEvent(
      {
        organizationId: row.organizationId,
        type,
        formId: row.formId,
        ip: context.ip,
        phone: row.phone,
        country: parsePhoneNumberFromString(row.phone)?.country ?? null,
        detail: { verificationId: row.id, attempts: row.attempts },
      },
      tx,
    );

  const expire = () =>
    db.$transaction(async (tx) => {
      const locked = await lockPending(tx, row.id);
      if (!locked) return settledAfterRace(row.id, tx);
      await tx.verificationCode.update({ where: { id: row.id }, data: { status: "EXPIRED" } });
      await recordFailureEvent(tx, locked, "expired", locked.attempts, who, now);
      await signal("code_expired", tx);
      return failure("expired");
    });
  // Expiry is decided by the server's clock only, before the code is even looked at.
  if (isExpired(row.expiresAt, now)) return expire();

  const verdict = await judgeCode(row, code);
  if (verdict === "expired") return expire();
  if (verdict !== "right") {
    return db.$transaction(async (tx) => {
      const locked = await lockPending(tx, row.id);
      if (!locked) return settledAfterRace(row.id, tx);
      const next =
        verdict === "exhausted"
          ? {
              attempts: Math.max(locked.attempts + 1, MAX_WRONG_ATTEMPTS),
              attemptsLeft: 0,
              dead: true,
            }
          : afterWrongAttempt(locked.attempts);
      await tx.verificationCode.update({
        where: { id: row.id },
        data: { attempts: next.attempts, ...(next.dead ? { status: "FAILED" as const } : {}) },
      });
      await recordFailureEvent(
        tx,
        locked,
        next.dead ? "too_many_attempts" : "wrong_code",
        next.attempts,
        who,
        now,
      );
      await signal(next.dead ? "code_attempts_exhausted" : "code_wrong", tx);
      return next.dead ? failure("too_many_attempts") : failure("wrong_code", next.attemptsLeft);
    });
  }

  const form = await getVerificationForm({
    organizationId: row.organizationId,
    formId: row.formId,
    formVersionId: request.formVersionId,
  });
  const { outcome, queued } = await db.$transaction(async (tx) => {
    const locked = await lockPending(tx, row.id);
    // Single use: a concurrent check already used (or killed) this code.
    if (!locked) return { outcome: await settledAfterRace(row.id, tx), queued: [] };
    return approve(tx, locked, form, request, who, now, withDeviceToken);
  });
  wakeOutbox(queued);
  return outcome;
}

type Verdict = "right" | "wrong" | "exhausted" | "expired";

export async function judgeCode(row: VerificationCode, code: string): Promise<Verdict> {
  if (row.provider === "optline") {
    if (!row.codeHash) return "wrong";
    const binding = { verificationId: row.id, phone: row.phone };
    return codeMatches(code, row.codeHash, binding, verificationSecret()) ? "right" : "wrong";
  }
  try {
    const check = await getVerifyClient().check({ to: row.phone, code });
    return check.valid && check.status === "approved" ? "right" : "wrong";
  } catch (error) {
    if (!(error instanceof VerifyError)) throw error;
    if (error.kind === "invalid_parameter") return "wrong";
    if (error.kind === "max_check_attempts") return "exhausted";
    // Twilio forgets a verification once it expires or is approved elsewhere.
    if (error.kind === "not_found") return "expired";
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      "We couldn't check the code right now. Try again in a moment.",
      { retryAfter: 30 },
    );
  }
}

export async function lockPending(tx: Tx, id: string): Promise<VerificationCode | null> {
  await tx.$queryRaw`SELECT 1 FROM "VerificationCode" WHERE "id" = ${id} FOR UPDATE`;
  const row = await tx.verificationCode.findUnique({ where: { id } });
  return row && row.status === "PENDING" ? row : null;
}

async function settledAfterRace(id: string, client: Tx | typeof db = db): Promise<CheckOutcome> {
  const row = await client.verificationCode.findUniqueOrThrow({ where: { id } });
  return settledOutcome(row) ?? failure("already_used");
}

async function recordFailureEvent(
  tx: Tx,
  row: VerificationCode,
  reason: "wrong_code" | "expired" | "too_many_attempts",
  attempts: number,
  actor: Actor,
  now: Date,
) {
  if (!row.subscriberId) return;
  await recordEvent(tx, {
    organizationId: row.organizationId,
    subscriberId: row.subscriberId,
    type: "verification.code_failed",
    data: { verificationId: row.id, reason, attempts },
    actor,
    at: now,
  });
}

type CheckRequest = ReturnType<typeof ZCheckVerificationSchema.parse>;

async function approve(
  tx: Tx,
  row: VerificationCode,
  { form, version }: VerificationForm,
  request: CheckRequest,
  actor: Actor,
  now: Date,
  withDeviceToken: boolean,
): Promise<{ outcome: CheckOutcome; queued: string[] }> {
  const enrollment = row.purpose === "enrollment";
  const wantsMarketing = enrollment ? request.consents.marketing : true;
  const subscriber = enrollment
    ? await findOrCreateSubscriber(tx, form, version, row.phone)
    : row.subscriberId
      ? await tx.subscriber.findFirst({
          where: { id: row.subscriberId, organizationId: row.organizationId },
        })
      : null;
  if (!subscriber) throw AppError.notFound("Subscriber");

  await tx.verificationCode.update({
    where: { id: row.id },
    data: {
      status: "APPROVED",
      approvedAt: now,
      subscriberId: subscriber.id,
      marketingConsentRequested: enrollment ? wantsMarketing : row.marketingConsentRequested,
    },
  });
  const base = { organizationId: row.organizationId, subscriberId: subscriber.id, actor, at: now };
  await recordEvent(tx, {
    ...base,
    type: "verification.approved",
    data: {
      verificationId: row.id,
      provider: row.provider === "twilio_verify" ? "twilio_verify" : "optline",
      channel: row.channel === "call" || row.channel === "whatsapp" ? row.channel : "sms",
    },
  });

  if (enrollment) {
    await upsertConsent(tx, subscriber, "VERIFICATION", {
      grantedAt: now,
      grantMethod: "code",
      revokedAt: null,
      revokeMethod: null,
    });
    await recordEvent(tx, {
      ...base,
      type: "verification.granted",
      data: {
        method: "code",
        verificationId: row.id,
        consentText: version.verificationConsentText || null,
        consentTextSha256: version.verificationConsentText
          ? sha256Hex(version.verificationConsentText)
          : null,
      },
    });
  }

  let marketing: "confirmed" | "unchanged" = "unchanged";
  const queued: string[] = [];
  // Signup: only a number still pending is confirmed (a STOP in between wins). Enrollment:
  // the ticked box is a fresh grant, confirmed by this very code.
  const confirm = enrollment ? wantsMarketing : subscriber.status === "PENDING";
  if (confirm) {
    if (enrollment) {
      await upsertConsent(tx, subscriber, "MARKETING", {
        grantedAt: now,
        grantMethod: "enrollment",
        confirmedAt: now,
        revokedAt: null,
        revokeMethod: null,
      });
      await recordEvent(tx, {
        ...base,
        type: "marketing.granted",
        data: {
          method: "enrollment",
          formId: form.id,
          formVersionId: version.id,
          consentTextSha256: version.consentTextSha256,
          checkboxInitiallyChecked: false,
          pageUrl: request.pageUrl ?? row.pageUrl ?? null,
        },
      });
    } else {
      await tx.consent.update({
        where: { subscriberId_purpose: { subscriberId: subscriber.id, purpose: "MARKETING" } },
        data: { confirmedAt: now },
      });
    }
    await tx.subscriber.update({
      where: { id: subscriber.id },
      data: {
        status: "CONFIRMED",
        confirmedAt: now,
        unsubscribedAt: null,
        formId: form.id,
        formVersionId: version.id,
      },
    });
    await recordEvent(tx, {
      ...base,
      type: "marketing.confirmed",
      data: { method: "code", reply: null, confirmationSid: null },
    });
    // The opt-in confirmation CTIA asks for: program, frequency, rates, HELP and STOP. A
    // code-only form's confirmation message is that text; a YES form's asks for YES, so
    // those get the standard welcome.
    const locale = toLocale(version.locale);
    const body =
      version.verificationMethod === "BOTH"
        ? systemText("welcome", { ...version, locale })
        : renderFormSms(
            version.confirmationMessage,
            version,
            await withdrawLinkIfUsed(tx, version.confirmationMessage, {
              organizationId: row.organizationId,
              subscriberId: subscriber.id,
              phone: row.phone,
              now,
            }),
          );
    const message = await enqueueMessage(tx, {
      organizationId: row.organizationId,
      subscriberId: subscriber.id,
      kind: "notice",
      to: row.phone,
      body,
    });
    queued.push(message.id);
    marketing = "confirmed";
  }

  const device =
    enrollment && withDeviceToken
      ? issueDeviceToken({ subscriberId: subscriber.id, now }, verificationSecret())
      : null;
  return {
    outcome: {
      ok: true,
      status: "approved",
      verificationId: row.id,
      subscriberId: subscriber.id,
      marketing,
      deviceToken: device?.token ?? null,
      deviceTokenExpiresAt: device?.claims.expiresAt.toISOString() ?? null,
    },
    queued,
  };
}

/** The number in the form's audience: created NOT_SUBSCRIBED if new (2FA only so far). */
async function findOrCreateSubscriber(
  tx: Tx,
  form: VerificationForm["form"],
  version: VerificationForm["version"],
  phone: string,
) {
  await tx.subscriber.createMany({
    data: [
      {
        organizationId: form.organizationId,
        audienceId: form.audienceId,
        phone,
        country: parsePhoneNumberFromString(phone)?.country ?? version.defaultCountry,
        locale: version.locale,
        status: "NOT_SUBSCRIBED",
        formId: form.id,
        formVersionId: version.id,
      },
    ],
    skipDuplicates: true,
  });
  await tx.$queryRaw`SELECT 1 FROM "Subscriber" WHERE "audienceId" = ${form.audienceId} AND "phone" = ${phone} FOR UPDATE`;
  const subscriber = await tx.subscriber.findUniqueOrThrow({
    where: { audienceId_phone: { audienceId: form.audienceId, phone } },
  });
  if (subscriber.deletedAt) {
    // Verifying again brings back a number staff had deleted, as a new signup does.
    return tx.subscriber.update({ where: { id: subscriber.id }, data: { deletedAt: null } });
  }
  return subscriber;
}
