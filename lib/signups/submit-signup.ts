// A person submits a public signup form: the first half of double opt-in. Records the
// consent exactly as captured (which form version, the SHA-256 of the consent text they saw,
// where, when, from which IP and browser), puts the subscriber in PENDING and queues the
// confirmation SMS in the same transaction. It answers right after commit: the outbox worker,
// woken at once, sends the SMS in the background, so the person never waits for Twilio.
import "server-only";
import { newId } from "@/lib/db/new-id";
import { subscriberActor } from "@/lib/consent-events/actor";
import {
  appendEventSql,
  nextEvent,
  takeChainHeadSql,
  type ChainHead,
} from "@/lib/consent-events/record-event";
import { db, sql } from "@/lib/db/client";
import type { SqlClient } from "@/lib/db/sql";
import type { Tx } from "@/lib/db/types";
import { upsertConsentSql } from "@/lib/subscribers/upsert-consent";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode, parseInput } from "@/lib/errors";
import { renderFormSms } from "@/lib/forms/form-content";
import {
  getPublishedForm,
  getPublishedVersion,
  type PublishedForm,
} from "@/lib/forms/get-published-form";
import type { RequestContext } from "@/lib/http/request-context";
import { toLocale } from "@/lib/i18n/locales";
import { metrics } from "@/lib/metrics/metrics";
import { maskPhone, normalizePhone } from "@/lib/phone/normalize-phone";
import { assessSignup } from "@/lib/risk/assess-phone-request";
import { guardRequestIp } from "@/lib/risk/guard-request-ip";
import { readRiskState } from "@/lib/risk/read-risk-state";
import { riskTargets } from "@/lib/risk/risk-blocks";
import { recordRejectedNumber } from "@/lib/risk/record-rejected-number";
import { recordRiskEvent } from "@/lib/risk/record-risk-event";
import { enqueueMessageSql } from "@/lib/sms/outbox";
import { wakeOutbox } from "@/lib/sms/outbox-worker";
import { systemText } from "@/lib/sms/system-texts";
import { Prisma, type Subscriber, type VerificationCode } from "@/lib/generated/prisma/client";
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

  // SMS pumping defences (lib/risk): blocks, limits and flags, recorded as RiskEvents. What
  // they read is read at once (the input is parsed first, in memory, only to know the number);
  // they run in the same order as ever: the IP's block and limit before the input is judged.
  const now = new Date();
  const risk = {
    organizationId: published.form.organizationId,
    formId: published.form.id,
    ip: context.ip,
  };
  const parsed = ZSignupRequestSchema.safeParse(input);
  const number = parsed.success ? normalizePhone(parsed.data.phone, parsed.data.country) : null;
  const screened = number?.ok && !parsed.data?.company ? number : null;
  const state = await readRiskState({
    organizationId: risk.organizationId,
    targets: riskTargets(
      context.ip,
      screened && { phone: screened.e164, country: screened.country },
    ),
    window: screened ? { ip: context.ip, phone: screened.e164 } : undefined,
    now,
  });
  await guardRequestIp({
    ...risk,
    rule: { key: `signup:ip:${context.ip ?? "unknown"}`, ...SIGNUP_RATE_LIMITS.perIp },
    message: "Too many signups from your network. Try again later.",
    blocks: state.blocks,
    now,
  });

  const request = parsed.success ? parsed.data : parseInput(ZSignupRequestSchema, input);
  const phone = number ?? normalizePhone(request.phone, request.country);
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
    now,
    state,
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
  // Code forms write their code through Prisma's model API, in a Prisma transaction; the
  // others (most signups) run their two statements through the driver (lib/db/sql.ts).
  const recorded = usesCode(version)
    ? await db.$transaction((tx) => recordSignup(tx, published, version, capture, context, tx))
    : await sql.transaction((tx) => recordSignup(tx, published, version, capture, context, null));
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
  const shown = await getPublishedVersion(published.form.id, formVersionId);
  if (!shown) {
    throw AppError.validation(
      { formVersionId: ["Unknown form version"] },
      "This form has changed. Reload the page.",
    );
  }
  return shown;
}

interface Capture {
  phone: string;
  country: string;
  pageUrl: string | null;
  referrer: string | null;
  embedded: boolean;
}

/**
 * Two statements (see lockSignupSubscriber and the appendEventSql below), three more on code
 * forms. The subscriber row is locked before anything else, as on every path that changes one.
 * `codeTx`: the same transaction as `tx`, as a Prisma client, on code forms (null otherwise).
 */
async function recordSignup(
  tx: SqlClient,
  { form }: PublishedForm,
  version: FormVersion,
  capture: Capture,
  context: RequestContext,
  codeTx: Tx | null,
): Promise<Recorded> {
  const now = new Date();
  const { subscriber, created, head, formTransliterates } = await lockSignupSubscriber(
    tx,
    form,
    version,
    capture,
    now,
  );

  const outcome = created ? "pending" : outcomeFor(subscriber);
  const coolingDown =
    !created &&
    subscriber.lastSignupSmsAt !== null &&
    now.getTime() - subscriber.lastSignupSmsAt.getTime() < SIGNUP_SMS_COOLDOWN_SECONDS * 1000;
  const codeForm = usesCode(version);
  // Code forms send a code even to a confirmed number, so the form never tells who is
  // subscribed; a code-only form sends no "Reply YES" text.
  const sendsText =
    outcome === "already_confirmed" ? !codeForm : version.verificationMethod !== "CODE";

  const alongside: Prisma.Sql[] = [];
  // A (re)started signup: fresh marketing consent from this submission, not yet confirmed.
  // A new row was inserted in that state already.
  const restarts = outcome !== "already_confirmed";
  if (!created && (restarts || !coolingDown)) {
    const changes = [
      ...(restarts
        ? [
            Prisma.sql`"status" = 'PENDING'::"SubscriberStatus", "formId" = ${form.id},
              "formVersionId" = ${version.id}, "locale" = ${version.locale},
              "unsubscribedAt" = NULL, "deletedAt" = NULL`,
          ]
        : []),
      ...(coolingDown ? [] : [Prisma.sql`"lastSignupSmsAt" = ${now}::timestamptz`]),
      Prisma.sql`"updatedAt" = ${now}::timestamptz`,
    ];
    alongside.push(Prisma.sql`"subscriber" AS (
      UPDATE "Subscriber" SET ${Prisma.join(changes)} WHERE "id" = ${subscriber.id})`);
  }
  if (restarts) {
    alongside.push(
      Prisma.sql`"consent" AS (${upsertConsentSql(subscriber, "MARKETING", {
        grantedAt: now,
        grantMethod: "form",
        confirmedAt: null,
        revokedAt: null,
        revokeMethod: null,
      })})`,
    );
  }
  const queued: string[] = [];
  if (!coolingDown && sendsText) {
    const messageId = newId();
    alongside.push(
      enqueueMessageSql("message", messageId, {
        organizationId: form.organizationId,
        subscriberId: subscriber.id,
        kind: outcome === "already_confirmed" ? "notice" : "confirmation",
        to: capture.phone,
        body:
          outcome === "already_confirmed"
            ? systemText("alreadySubscribed", { ...version, locale: toLocale(version.locale) })
            : renderFormSms(version.confirmationMessage, version),
        // The setting of the subscriber's form version, after this signup.
        transliterate: restarts ? version.transliterate : formTransliterates,
      }),
    );
    queued.push(messageId);
  }

  const event = nextEvent(
    {
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
    },
    head,
  );
  await tx.$executeRaw(appendEventSql(event, alongside));

  let code: Recorded["code"] = null;
  // After the signup event, so that the evidence reads in order: submitted, then code sent.
  if (!coolingDown && codeTx) {
    const sent = await issueSignupCode(codeTx, {
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
  } else if (codeTx) {
    const pending = await pendingSignupCode(codeTx, subscriber.id);
    if (pending) code = { row: pending };
  }
  return { outcome, queued, code };
}

interface LockedSubscriber {
  subscriber: Subscriber;
  /** Inserted by this statement, already in its pending state. */
  created: boolean;
  /** The head of the subscriber's evidence chain, taken for the signup's event. */
  head: ChainHead;
  /** The transliteration setting of the form version the subscriber had. */
  formTransliterates: boolean;
}

/**
 * One statement: inserts the subscriber as a new pending signup, or locks the existing row
 * (ON CONFLICT DO UPDATE locks it and returns its latest committed state, even if another
 * signup for the number committed while this one waited), then takes its chain's head.
 */
async function lockSignupSubscriber(
  tx: SqlClient,
  form: PublishedForm["form"],
  version: FormVersion,
  capture: Capture,
  now: Date,
): Promise<LockedSubscriber> {
  const [row] = await tx.$queryRaw<
    (Subscriber & { created: boolean; seq: number; hash: string; formTransliterates: boolean })[]
  >`
    WITH "subscriber" AS (
      INSERT INTO "Subscriber" ("id", "organizationId", "audienceId", "phone", "country", "locale",
        "status", "formId", "formVersionId", "lastSignupSmsAt", "createdAt", "updatedAt")
      VALUES (${newId()}, ${form.organizationId}, ${form.audienceId}, ${capture.phone},
        ${capture.country}, ${version.locale}, 'PENDING'::"SubscriberStatus", ${form.id},
        ${version.id}, ${now}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
      ON CONFLICT ("audienceId", "phone") DO UPDATE SET "phone" = EXCLUDED."phone"
      RETURNING *, ("xmax" = 0) AS "created"
    ), "head" AS (
      ${takeChainHeadSql(Prisma.sql`SELECT "organizationId", "id" AS "chainId" FROM "subscriber"`)}
    )
    SELECT s.*, h."seq", h."hash", coalesce((
      SELECT v."transliterate" FROM "SignupFormVersion" v WHERE v."id" = s."formVersionId"
    ), false) AS "formTransliterates"
    FROM "subscriber" s, "head" h`;
  if (!row) throw new Error("The subscriber upsert returned nothing");
  const { created, seq, hash, formTransliterates, ...subscriber } = row;
  return { subscriber, created, head: { seq, hash }, formTransliterates };
}

function outcomeFor(subscriber: Subscriber): "repeat_pending" | "already_confirmed" | "pending" {
  if (subscriber.status === "PENDING") return "repeat_pending";
  if (subscriber.status === "CONFIRMED") return "already_confirmed";
  return "pending";
}
