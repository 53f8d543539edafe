"use client";
// The public signup form. The hosted page, the iframe embed and the editor's live preview all
// render this one component, so what the marketer previews is exactly what people see, and
// the consent text is shown verbatim from the published version. Code forms continue with
// the code step; enrollment (2FA) forms ask for the number first and take both consents
// on the code step.
import { useEffect, useId, useRef, useState } from "react";
import { FORM_STRINGS } from "@/lib/i18n/form-strings";
import type { VerificationView } from "@/lib/verification/verification-view";
import { VERIFICATION_STRINGS } from "@/lib/verification/verification-strings";
import { CodeStep, type CodeStepDone } from "./code-step";
import { fillTemplate, toLocale } from "@/lib/i18n/locales";
import type { CountryOption } from "@/lib/phone/countries";
import { normalizePhone } from "@/lib/phone/normalize-phone";

export interface PublicFormContent {
  locale: string;
  headline: string;
  description: string;
  consentText: string;
  buttonLabel: string;
  defaultCountry: string;
  termsUrl: string | null;
  termsVersion: string | null;
  privacyUrl: string | null;
  privacyVersion: string | null;
  verificationMethod?: "SMS_REPLY" | "CODE" | "BOTH";
  verificationConsentText?: string;
}

interface Props {
  formId: string;
  versionId: string | null;
  content: PublicFormContent;
  countries: CountryOption[];
  mode: "live" | "preview";
  /** ENROLLMENT: 2FA phone verification, marketing consent optional. */
  kind?: "SIGNUP" | "ENROLLMENT";
  embedded?: boolean;
  /** For embeds: the page the iframe sits on, and that page's referrer (from embed.js). */
  parentPageUrl?: string | null;
  parentReferrer?: string | null;
}

type Status =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "done"; phone: string }
  | { kind: "code"; phone: string; verification: VerificationView }
  | { kind: "verified"; done: CodeStepDone }
  | { kind: "error"; message: string };

export function SignupFormView({
  formId,
  versionId,
  content,
  countries,
  mode,
  kind = "SIGNUP",
  embedded,
  parentPageUrl,
  parentReferrer,
}: Props) {
  const strings = FORM_STRINGS[toLocale(content.locale)];
  const codeStrings = VERIFICATION_STRINGS[toLocale(content.locale)];
  const enrollment = kind === "ENROLLMENT";
  // The live page's main heading; in the editor's preview, under the editor's own h1.
  const Heading = mode === "live" ? "h1" : "h2";
  const ids = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  // Follows the form's default country until the person picks one (the editor preview changes it live).
  const [chosenCountry, setCountry] = useState<string | null>(null);
  const country = chosenCountry ?? content.defaultCountry;
  const [phone, setPhone] = useState("");
  const [consent, setConsent] = useState(false);
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [consentError, setConsentError] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });

  // Inside an iframe, tell embed.js how tall we are.
  useEffect(() => {
    if (!embedded || !rootRef.current || window.parent === window) return;
    const observer = new ResizeObserver(([entry]) => {
      const height = Math.ceil(entry?.target.getBoundingClientRect().height ?? 0) + 2;
      window.parent.postMessage({ type: "optline:resize", formId, height }, "*");
    });
    observer.observe(rootRef.current);
    return () => observer.disconnect();
  }, [embedded, formId]);

  function checkPhone(): boolean {
    const result = normalizePhone(phone, country);
    setPhoneError(result.ok ? null : strings.phoneErrors[result.code]);
    return result.ok;
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const phoneOk = checkPhone();
    // Enrollment forms take their consents on the code step.
    const consentOk = enrollment || consent;
    setConsentError(consentOk ? null : strings.consentRequired);
    if (!phoneOk || !consentOk || mode === "preview") return;
    setStatus({ kind: "sending" });
    const honeypot = new FormData(event.currentTarget).get("company");
    const capture = {
      phone,
      country,
      pageUrl: pageUrl(),
      referrer: embedded ? parentReferrer || null : document.referrer || null,
      embedded: Boolean(embedded),
      company: typeof honeypot === "string" && honeypot ? honeypot : undefined,
    };
    try {
      const response = enrollment
        ? await fetch("/api/v1/enrollments", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ formId, ...capture }),
          })
        : await fetch(`/api/v1/public/forms/${encodeURIComponent(formId)}/signups`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              ...capture,
              marketingConsent: true,
              formVersionId: versionId ?? undefined,
            }),
          });
      const body = (await response.json().catch(() => null)) as {
        phone?: string;
        verification?: VerificationView;
        verificationId?: string;
        error?: { message?: string; fields?: Record<string, string[]> };
      } | null;
      if (enrollment && response.status === 201 && body?.phone && body.verificationId)
        return setStatus({
          kind: "code",
          phone: body.phone,
          verification: body as VerificationView,
        });
      if (response.status === 202 && body?.phone && body.verification)
        return setStatus({ kind: "code", phone: body.phone, verification: body.verification });
      if (response.status === 202 && body?.phone)
        return setStatus({ kind: "done", phone: body.phone });
      if (response.status === 422 && body?.error?.fields?.phone) {
        setPhoneError(body.error.fields.phone[0] ?? strings.genericError);
        return setStatus({ kind: "idle" });
      }
      const message =
        response.status === 429
          ? strings.rateLimited
          : (body?.error?.message ?? strings.genericError);
      setStatus({ kind: "error", message });
    } catch {
      setStatus({ kind: "error", message: strings.genericError });
    }
  }

  function pageUrl(): string | null {
    return embedded ? (parentPageUrl ?? document.referrer) || null : window.location.href;
  }

  function onVerified(done: CodeStepDone) {
    setStatus({ kind: "verified", done });
    // The business's own page learns the result. No device token here: only the API issues
    // those, since any site may embed or relay the public flow.
    if (enrollment && embedded && window.parent !== window) {
      window.parent.postMessage(
        {
          type: "optline:verified",
          formId,
          subscriberId: done.subscriberId,
        },
        "*",
      );
    }
  }

  if (status.kind === "code") {
    return (
      <div ref={rootRef} lang={content.locale}>
        <CodeStep
          locale={content.locale}
          phone={status.phone}
          verification={status.verification}
          purpose={enrollment ? "enrollment" : "signup"}
          orReplyYes={!enrollment && content.verificationMethod === "BOTH"}
          consentTexts={
            enrollment
              ? {
                  verification: content.verificationConsentText ?? "",
                  marketing: content.consentText,
                }
              : undefined
          }
          formVersionId={versionId}
          pageUrl={pageUrl()}
          onDone={onVerified}
        />
      </div>
    );
  }

  if (status.kind === "verified") {
    return (
      <div ref={rootRef} className="space-y-3" role="status" aria-live="polite">
        <Heading className="text-xl font-semibold text-slate-900">
          {enrollment ? codeStrings.doneEnrollmentTitle : codeStrings.doneSignupTitle}
        </Heading>
        <p className="text-slate-700">
          {enrollment ? codeStrings.doneEnrollmentBody : codeStrings.doneSignupBody}
        </p>
        {enrollment && status.done.marketing === "confirmed" ? (
          <p className="text-slate-700">{codeStrings.doneEnrollmentMarketing}</p>
        ) : null}
      </div>
    );
  }

  if (status.kind === "done") {
    return (
      <div ref={rootRef} className="space-y-3" role="status" aria-live="polite">
        <Heading className="text-xl font-semibold text-slate-900">{strings.successTitle}</Heading>
        <p className="text-slate-700">
          {fillTemplate(strings.successBody, { phone: status.phone })}
        </p>
        <p className="text-sm text-slate-600">{strings.successHint}</p>
        <button
          type="button"
          className="text-sm font-medium text-brand-700 underline"
          onClick={() => {
            setStatus({ kind: "idle" });
            setPhone("");
            setConsent(false);
            setCountry(null);
          }}
        >
          {strings.startOver}
        </button>
      </div>
    );
  }

  const phoneId = `${ids}-phone`;
  const countryId = `${ids}-country`;
  const consentId = `${ids}-consent`;
  return (
    <div ref={rootRef} lang={content.locale}>
      <Heading className="text-xl font-semibold text-slate-900">{content.headline}</Heading>
      {content.description ? (
        <p className="mt-1 whitespace-pre-line text-slate-700">{content.description}</p>
      ) : null}
      <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
        <div className="grid grid-cols-[minmax(0,11rem)_1fr] gap-2">
          <div>
            <label htmlFor={countryId} className="block text-sm font-medium text-slate-800">
              {strings.country}
            </label>
            <select
              id={countryId}
              value={country}
              onChange={(event) => setCountry(event.target.value)}
              className="mt-1 block w-full rounded-md border-0 bg-white px-2 py-2 text-sm shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
            >
              {countries.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.name} (+{option.callingCode})
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={phoneId} className="block text-sm font-medium text-slate-800">
              {strings.phone}
            </label>
            <input
              id={phoneId}
              type="tel"
              inputMode="tel"
              autoComplete="tel-national"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
              onBlur={() => phone && checkPhone()}
              aria-invalid={phoneError ? true : undefined}
              aria-describedby={phoneError ? `${phoneId}-error` : `${phoneId}-hint`}
              className="mt-1 block w-full rounded-md border-0 bg-white px-3 py-2 text-sm shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 aria-[invalid=true]:ring-red-500"
            />
          </div>
        </div>
        {phoneError ? (
          <p id={`${phoneId}-error`} className="text-sm font-medium text-red-700">
            {phoneError}
          </p>
        ) : (
          <p id={`${phoneId}-hint`} className="text-xs text-slate-600">
            {strings.phoneHint}
          </p>
        )}
        {enrollment ? null : (
          <div>
            <div className="flex items-start gap-3">
              <input
                id={consentId}
                type="checkbox"
                checked={consent}
                onChange={(event) => setConsent(event.target.checked)}
                aria-invalid={consentError ? true : undefined}
                aria-describedby={consentError ? `${consentId}-error` : undefined}
                className="mt-1 size-4 shrink-0 rounded border-slate-400 text-brand-600 focus:ring-brand-600"
              />
              <label
                htmlFor={consentId}
                className="whitespace-pre-line text-sm text-slate-800"
                data-testid="consent-text"
              >
                {content.consentText}
              </label>
            </div>
            {consentError ? (
              <p id={`${consentId}-error`} className="mt-1 text-sm font-medium text-red-700">
                {consentError}
              </p>
            ) : null}
          </div>
        )}
        {content.termsUrl || content.privacyUrl ? (
          <p className="text-xs text-slate-600">
            {content.termsUrl ? (
              <a href={content.termsUrl} target="_blank" rel="noreferrer" className="underline">
                {strings.terms}
                {content.termsVersion ? ` (${content.termsVersion})` : ""}
              </a>
            ) : null}
            {content.termsUrl && content.privacyUrl ? " · " : null}
            {content.privacyUrl ? (
              <a href={content.privacyUrl} target="_blank" rel="noreferrer" className="underline">
                {strings.privacy}
                {content.privacyVersion ? ` (${content.privacyVersion})` : ""}
              </a>
            ) : null}
          </p>
        ) : null}
        {/* Honeypot: invisible to people and screen readers, tempting to bots. */}
        <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
          <label>
            Company
            <input type="text" name="company" tabIndex={-1} autoComplete="off" />
          </label>
        </div>
        {status.kind === "error" ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {status.message}
          </p>
        ) : null}
        <button
          type="submit"
          disabled={status.kind === "sending"}
          className="w-full rounded-md bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-xs hover:bg-brand-700 disabled:opacity-60"
        >
          {status.kind === "sending" ? strings.sending : content.buttonLabel}
        </button>
      </form>
    </div>
  );
}
