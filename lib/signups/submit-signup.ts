// A person submits a public signup form: the first half of double opt-in. Records the
// consent exactly as captured (which form version, the SHA-256 of the consent text they saw,
// where, when, from which IP and browser), puts the subscriber in PENDING and queues the
// confirmation SMS in the same transaction. It answers right after commit: the outbox worker,
// woken at once, sends the SMS in the background, so the person never waits for Twilio.
import "server-only";
import { subscriberActor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Tx } from "@/lib/db/types";
import { upsertConsent } from "@/lib/subscribers/upsert-consent";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode, parseInput } from "@/lib/errors";
import { renderFormSms } from "@/lib/forms/form-content";
import { getPublishedForm, type PublishedForm } from "@/lib/forms/get-published-form";
import type { RequestContext } from "@/lib/http/request-context";
import { toLocale } from "@/lib/i18n/locales";
import { metrics } from "@/lib/metrics/metrics";
import { maskPhone, normalizePhone } from "@/lib/phone/normalize-phone";
import { assessSignup } from "@/lib/risk/assess-phone-request";
import { guardRequestIp } from "@/lib/risk/guard-request-ip";
import { recordRejectedNumber } from "@/lib/risk/record-rejected-number";
import { recordRiskEvent } from "@/lib/risk/record-risk-event";
import { enqueueMessage } from "@/lib/sms/outbox";
import { wakeOutbox } from "@/lib/sms/outbox-worker";
import { systemText } from "@/lib/sms/system-texts";
import type { Subscriber, VerificationCode } from "@/lib/generated/prisma/client";
import { assertCanSend } from "@/lib/verification/issue-code";
import {
  issueSignupCode,
  pendingSignupCode,
  signupCodeView,
  usesCode,
} from "@/lib/verification/signup-code";
import { ZSignupRequestSchema, type SignupResponse } from "./signup-schema";

/** A number gets at most one signup SMS per minute, however often the form is submitted. */
export const SIGNUP_SMS_COOLDOWN_SECONDS = 60;

export const SIGNUP_RATE_LIMITS = {
  perIp: { limit: 20, windowSeconds: 600 },
  perPhone: { limit: 5, windowSeconds: 3600 },
};

export interface SubmitSignupOptions {
  formIdOrSlug: string;
  input: unknown;
  /** `origin`: the browser's Origin header, checked against the form's allowed sites. */
  context: RequestContext & { origin?: string | null };
}

export async function submitSignup({
  formIdOrSlug,
  input,
  context,
}: SubmitSignupOptions): Promise<SignupResponse> {
  const published = await getPublishedForm(formIdOrSlug);
  if (!published) throw AppError.notFound("Form");
  assertOriginAllowed(published.form.allowedOrigins, context.origin ?? null);

  // SMS pumping defences (lib/risk): blocks, limits and flags, recorded as RiskEvents.
  const risk = {
    organizationId: published.form.organizationId,
    formId: published.form.id,
    ip: context.ip,
  };
  await guardRequestIp({
    ...risk,
    rule: { key: `signup:ip:${context.ip ?? "unknown"}`, ...SIGNUP_RATE_LIMITS.perIp },
    message: "Too many signups from your network. Try again later.",
  });

  const request = parseInput(ZSignupRequestSchema, input);
  const phone = normalizePhone(request.phone, request.country);
  if (!phone.ok) {
    await recordRejectedNumber({
      ...risk,
      input: request.phone,
      country: request.country,
      code: phone.code,
      message: phone.message,
    });
    throw AppError.validation({ phone: [phone.message] }, phone.message);
  }

  // Bots fill the hidden field. Answer as if it worked, do nothing, tell them nothing.
  if (request.company) {
    await recordRiskEvent({ ...risk, type: "honeypot", phone: phone.e164, country: phone.country });
    metrics.signups.inc({ result: "honeypot" });
    return { status: "pending", phone: maskPhone(phone.e164) };
  }

  const version = await resolveShownVersion(published, request.formVersionId);

  await assessSignup({
    ...risk,
    phone: phone.e164,
    country: phone.country,
    // The newest published version's allow-list, whichever version the person saw.
    defaultCountry: published.version.defaultCountry,
    allowedCountries: published.version.allowedCountries,
    perPhone: {
      rule: { key: `signup:phone:${phone.e164}`, ...SIGNUP_RATE_LIMITS.perPhone },
      message: "This number has had several signup texts in the last hour. Try again later.",
    },
  });

  if (usesCode(version)) {
    // The hourly cap on codes, checked before anything is recorded.
    await assertCanSend({
      organizationId: published.form.organizationId,
      formId: published.form.id,
      phone: phone.e164,
      country: phone.country,
      ip: context.ip,
      lastSentAt: null,
      now: new Date(),
    });
  }

  const capture = {
    phone: phone.e164,
    country: phone.country,
    pageUrl: request.pageUrl ?? null,
    referrer: request.referrer ?? null,
    embedded: request.embedded,
  };
  let recorded: Recorded;
  try {
    recorded = await db.$transaction((tx) =>
      recordSignup(tx, published, version, capture, context),
    );
  } catch (error) {
    // Two submissions for a new number raced to create it; the second run finds it.
    if (!isUniqueViolation(error)) throw error;
    recorded = await db.$transaction((tx) =>
      recordSignup(tx, published, version, capture, context),
    );
  }
  metrics.signups.inc({ result: recorded.outcome });
  wakeOutbox(recorded.queued);
  const response: SignupResponse = { status: "pending", phone: maskPhone(phone.e164) };
  if (recorded.code) response.verification = signupCodeView(recorded.code.row);
  return response;
}

interface Recorded {
  outcome: "pending" | "repeat_pending" | "already_confirmed";
  queued: string[];
  /** Code forms: the code the person is to type. */
  code: { row: VerificationCode } | null;
}

type FormVersion = PublishedForm["version"];

/** Browsers send Origin on cross-site POSTs; our own hosted page is always allowed. */
function assertOriginAllowed(allowedOrigins: string[], origin: string | null): void {
  if (allowedOrigins.length === 0 || !origin) return;
  if (origin === new URL(getEnv().publicBaseUrl).origin || allowedOrigins.includes(origin)) return;
  throw new AppError(ErrorCode.FORBIDDEN, "This form can't be used from this website.");
}

/** The version the person saw, if it is one of this form's published versions. */
async function resolveShownVersion(
  published: PublishedForm,
  formVersionId: string | undefined,
): Promise<FormVersion> {
  if (!formVersionId || formVersionId === published.version.id) return published.version;
  const shown = await db.signupFormVersion.findFirst({
    where: { id: formVersionId, formId: published.form.id, publishedAt: { not: null } },
  });
  if (!shown || shown.version === null) {
    throw AppError.validation(
      { formVersionId: ["Unknown form version"] },
      "This form has changed. Reload the page.",
    );
  }
  return { ...shown, version: shown.version };
}

interface Capture {
  phone: string;
  country: string;
  pageUrl: string | null;
  referrer: string | null;
  embedded: boolean;
}

async function recordSignup(
  tx: Tx,
  { form }: PublishedForm,
  version: FormVersion,
  capture: Capture,
  context: RequestContext,
): Promise<Recorded> {
  const now = new Date();
  const { count: created } = await tx.subscriber.createMany({
    data: [
      {
        organizationId: form.organizationId,
        audienceId: form.audienceId,
        phone: capture.phone,
        country: capture.country,
        locale: version.locale,
        status: "PENDING",
        formId: form.id,
        formVersionId: version.id,
      },
    ],
    skipDuplicates: true,
  });
  await tx.$queryRaw`SELECT 1 FROM "Subscriber" WHERE "audienceId" = ${form.audienceId} AND "phone" = ${capture.phone} FOR UPDATE`;
  const subscriber = await tx.subscriber.findUniqueOrThrow({
    where: { audienceId_phone: { audienceId: form.audienceId, phone: capture.phone } },
  });

  const outcome = created ? "pending" : outcomeFor(subscriber);
  const coolingDown =
    !created &&
    subscriber.lastSignupSmsAt !== null &&
    now.getTime() - subscriber.lastSignupSmsAt.getTime() < SIGNUP_SMS_COOLDOWN_SECONDS * 1000;

  if (outcome !== "already_confirmed") {
    // A (re)started signup: fresh marketing consent from this submission, not yet confirmed.
    await tx.subscriber.update({
      where: { id: subscriber.id },
      data: {
        status: "PENDING",
        formId: form.id,
        formVersionId: version.id,
        locale: version.locale,
        unsubscribedAt: null,
        // A new signup brings back a number staff had deleted.
        deletedAt: null,
      },
    });
    await upsertConsent(tx, subscriber, "MARKETING", {
      grantedAt: now,
      grantMethod: "form",
      confirmedAt: null,
      revokedAt: null,
      revokeMethod: null,
    });
  }

  const queued: string[] = [];
  const codeForm = usesCode(version);
  let code: Recorded["code"] = null;
  // Code forms send a code even to a confirmed number, so the form never tells who is
  // subscribed; a code-only form sends no "Reply YES" text.
  const sendsText =
    outcome === "already_confirmed" ? !codeForm : version.verificationMethod !== "CODE";
  if (!coolingDown && !sendsText) {
    await tx.subscriber.update({ where: { id: subscriber.id }, data: { lastSignupSmsAt: now } });
  }
  if (!coolingDown && sendsText) {
    const body =
      outcome === "already_confirmed"
        ? systemText("alreadySubscribed", { ...version, locale: toLocale(version.locale) })
        : renderFormSms(version.confirmationMessage, version);
    const message = await enqueueMessage(tx, {
      organizationId: form.organizationId,
      subscriberId: subscriber.id,
      kind: outcome === "already_confirmed" ? "notice" : "confirmation",
      to: capture.phone,
      body,
    });
    await tx.subscriber.update({ where: { id: subscriber.id }, data: { lastSignupSmsAt: now } });
    queued.push(message.id);
  }

  await recordEvent(tx, {
    organizationId: form.organizationId,
    subscriberId: subscriber.id,
    type: "signup.submitted",
    data: {
      purpose: "marketing",
      phone: capture.phone,
      country: capture.country,
      locale: version.locale,
      formId: form.id,
      formSlug: form.slug,
      formVersionId: version.id,
      formVersion: version.version,
      consentTextSha256: version.consentTextSha256,
      checkboxInitiallyChecked: false,
      checkboxChecked: true,
      buttonLabel: version.buttonLabel,
      pageUrl: capture.pageUrl,
      referrer: capture.referrer,
      embedded: capture.embedded,
      antiFraud: { result: "pass", signals: [] },
      outcome,
      confirmationQueued: queued.length > 0 || (codeForm && !coolingDown),
    },
    actor: subscriberActor(capture.phone, context),
    at: now,
  });
  // After the signup event, so that the evidence reads in order: submitted, then code sent.
  if (!coolingDown && codeForm) {
    const sent = await issueSignupCode(tx, {
      version,
      target: {
        organizationId: form.organizationId,
        formId: form.id,
        subscriberId: subscriber.id,
        phone: capture.phone,
        country: capture.country,
        capture: {
          ip: context.ip,
          userAgent: context.userAgent,
          pageUrl: capture.pageUrl,
          referrer: capture.referrer,
        },
      },
      now,
    });
    code = { row: sent.verification };
    if (sent.messageId) queued.push(sent.messageId);
  } else if (codeForm) {
    const pending = await pendingSignupCode(tx, subscriber.id);
    if (pending) code = { row: pending };
  }
  if (!coolingDown && !sendsText) {
    await tx.subscriber.update({ where: { id: subscriber.id }, data: { lastSignupSmsAt: now } });
  }
  return { outcome, queued, code };
}

function outcomeFor(subscriber: Subscriber): "repeat_pending" | "already_confirmed" | "pending" {
  if (subscriber.status === "PENDING") return "repeat_pending";
  if (subscriber.status === "CONFIRMED") return "already_confirmed";
  return "pending";
}
