// POST /f/<slug>: the public form without JavaScript (public-form.js posts the same way).
// step=signup goes through submitSignup, step=code through checkVerification or
// resendVerification: the very functions behind the JSON API, so validation, rate limits,
// risk checks and evidence are the same. The answer is the page again: the next step, or the
// form with what the person typed and what went wrong, in the form's language.
//
// CSRF: no cookie or session is involved, and the form may be posted from the sites that may
// use the API (the form's allowed sites, or anywhere when it lists none) and from our own
// origin, where the hosted page and the iframe live. The browser's Origin (or, without it,
// the Referer) decides.
import "server-only";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode } from "@/lib/errors";
import { getPublishedForm, type PublishedForm } from "@/lib/forms/get-published-form";
import type { RequestContext } from "@/lib/http/request-context";
import { FORM_STRINGS } from "@/lib/i18n/form-strings";
import { toLocale } from "@/lib/i18n/locales";
import { metrics, refusalResult } from "@/lib/metrics/metrics";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { submitSignup } from "@/lib/signups/submit-signup";
import { checkVerification } from "@/lib/verification/check-verification";
import { countCheckOutcome } from "@/lib/verification/check-response";
import { resendVerification } from "@/lib/verification/resend-verification";
import { VERIFICATION_STRINGS } from "@/lib/verification/verification-strings";
import type { VerificationView } from "@/lib/verification/verification-view";
import { enrollmentRedirect } from "./enrollment-redirect";
import { notFoundPage } from "./not-found-page";
import {
  placementText,
  publicFormResponse,
  type PublicFormPlacement,
} from "./public-form-response";
import type { PublicFormState } from "./render-public-form-page";

export interface SubmitPublicFormOptions {
  slug: string;
  /** The url-encoded form body. */
  fields: Record<string, string>;
  embedded: boolean;
  context: RequestContext & { origin: string | null; referer: string | null };
}

const DEAD_REASONS = new Set(["too_many_attempts", "expired", "already_used", "replaced"]);

export async function submitPublicForm({
  slug,
  fields,
  embedded,
  context,
}: SubmitPublicFormOptions): Promise<Response> {
  const published = await getPublishedForm(slug);
  if (!published) return notFoundPage();
  if (published.form.kind === "ENROLLMENT") return enrollmentRedirect(slug, "");
  const placement: PublicFormPlacement = {
    embedded,
    pageUrl: placementText(fields.page),
    referrer: placementText(fields.ref),
  };
  const strings = FORM_STRINGS[toLocale(published.version.locale)];
  const formAgain = (errors: FormErrors, alert?: string) => ({
    step: "form" as const,
    values: {
      phone: (fields.phone ?? "").slice(0, 40),
      country: fields.country || published.version.defaultCountry,
      consent: fields.marketingConsent === "yes",
    },
    errors,
    alert,
  });

  if (!originAllowed(published.form.allowedOrigins, postOrigin(context))) {
    const message = "This form can't be used from this website.";
    return publicFormResponse(published, placement, formAgain({}, message), 403);
  }
  if (fields.step === "code") return submitCode(published, placement, fields, context);

  // The checks the browser would make first, in the form's language, all at once.
  const consent = fields.marketingConsent === "yes";
  const phone = normalizePhone(fields.phone ?? "", fields.country ?? "");
  if (!consent) {
    const errors = {
      consent: strings.consentRequired,
      phone: phone.ok ? undefined : strings.phoneErrors[phone.code],
    };
    return publicFormResponse(published, placement, formAgain(errors), 422);
  }
  try {
    const result = await submitSignup({
      formIdOrSlug: published.form.id,
      input: {
        phone: fields.phone ?? "",
        country: fields.country ?? "",
        marketingConsent: true,
        formVersionId: fields.formVersionId || undefined,
        pageUrl: placement.pageUrl,
        referrer: placement.referrer,
        embedded,
        company: fields.company || undefined,
      },
      context: { ip: context.ip, userAgent: context.userAgent, origin: postOrigin(context) },
    });
    const state: PublicFormState = result.verification
      ? { step: "code", phone: result.phone, verification: result.verification }
      : { step: "sent", phone: result.phone };
    return publicFormResponse(published, placement, state, 202);
  } catch (error) {
    // Accepted signups are counted by submitSignup, with their outcome.
    metrics.signups.inc({ result: refusalResult(error) });
    if (!(error instanceof AppError)) throw error;
    const fieldsInError = error.fields ?? {};
    if (fieldsInError.phone) {
      const message = phone.ok ? fieldsInError.phone[0] : strings.phoneErrors[phone.code];
      return publicFormResponse(published, placement, formAgain({ phone: message }), 422);
    }
    if (fieldsInError.country) {
      const errors = { country: fieldsInError.country[0] };
      return publicFormResponse(published, placement, formAgain(errors), 422);
    }
    const alert = error.code === ErrorCode.RATE_LIMITED ? strings.rateLimited : error.message;
    return publicFormResponse(published, placement, formAgain({}, alert), error.status);
  }
}

type FormErrors = Extract<PublicFormState, { step: "form" }>["errors"];

/** The code step: "Verify" (no channel) checks the code, a channel asks for a new one. */
async function submitCode(
  published: PublishedForm,
  placement: PublicFormPlacement,
  fields: Record<string, string>,
  context: RequestContext,
): Promise<Response> {
  const codeStrings = VERIFICATION_STRINGS[toLocale(published.version.locale)];
  const verificationId = fields.verificationId ?? "";
  const shown = shownVerification(fields);
  const phone = (fields.phone ?? "").slice(0, 40);
  if (!shown) {
    const strings = FORM_STRINGS[toLocale(published.version.locale)];
    const values = { phone: "", country: published.version.defaultCountry, consent: false };
    const state = { step: "form", values, errors: {}, alert: strings.genericError } as const;
    return publicFormResponse(published, placement, state, 400);
  }
  const codeStep = (verification: VerificationView, error?: string, dead?: boolean) =>
    ({ step: "code", phone, verification, error, dead }) as const;

  if (fields.channel) {
    try {
      const view = await resendVerification({
        verificationId,
        input: { channel: fields.channel },
        context,
      });
      return publicFormResponse(published, placement, codeStep(view));
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return publicFormResponse(published, placement, codeStep(shown, error.message), error.status);
    }
  }

  if (!/^\d{6}$/.test((fields.code ?? "").replace(/[\s-]/g, ""))) {
    return publicFormResponse(published, placement, codeStep(shown, codeStrings.codeFormat), 422);
  }
  const outcome = await checkVerification({
    verificationId,
    input: {
      code: fields.code,
      formVersionId: fields.formVersionId || undefined,
      pageUrl: placement.pageUrl,
    },
    context,
  });
  countCheckOutcome(outcome);
  if (outcome.ok) return publicFormResponse(published, placement, { step: "verified" });
  const dead = DEAD_REASONS.has(outcome.reason);
  return publicFormResponse(published, placement, codeStep(shown, outcome.message, dead), 422);
}

/**
 * What the code step showed (code number, times, channels), posted back for display only:
 * the server decides from the verification id alone.
 */
export const ZShownVerification = z.object({
  verificationId: z.string().max(64),
  status: z.enum(["pending", "approved", "expired", "failed", "canceled"]),
  sequence: z.number().int(),
  channel: z.string().max(20),
  sentAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  resendAvailableAt: z.iso.datetime(),
  attemptsLeft: z.number().int(),
  channels: z.array(z.enum(["sms", "call", "whatsapp"])).max(3),
});

function shownVerification(fields: Record<string, string>): VerificationView | null {
  try {
    const view = ZShownVerification.safeParse(
      JSON.parse(Buffer.from(fields.shown ?? "", "base64url").toString("utf8")),
    );
    return view.success && view.data.verificationId === fields.verificationId ? view.data : null;
  } catch {
    return null;
  }
}

/** The posting page's origin: Origin, else the Referer's origin (some browsers omit Origin). */
function postOrigin(context: { origin: string | null; referer: string | null }): string | null {
  if (context.origin && context.origin !== "null") return context.origin;
  try {
    return context.referer ? new URL(context.referer).origin : null;
  } catch {
    return null;
  }
}

/** Our own pages always; else the form's allowed sites (anywhere when it lists none). */
function originAllowed(allowedOrigins: string[], origin: string | null): boolean {
  if (allowedOrigins.length === 0) return true;
  if (!origin) return false;
  return origin === new URL(getEnv().publicBaseUrl).origin || allowedOrigins.includes(origin);
}
