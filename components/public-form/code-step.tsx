"use client";
// The code step of the public form: "Enter code 2 of today, sent at 14:03", resend with a
// visible 30 s cooldown (and voice / WhatsApp when Twilio Verify is on), clear answers for
// wrong, expired and dead codes. On enrollment forms the 2FA consent and the optional
// marketing consent are ticked here, both unchecked at first, with a "select all" toggle.
import { useEffect, useId, useState } from "react";
import { fillTemplate, toLocale } from "@/lib/i18n/locales";
import type { VerificationView } from "@/lib/verification/verification-view";
import { VERIFICATION_STRINGS } from "@/lib/verification/verification-strings";

export interface CodeStepDone {
  subscriberId: string;
  marketing: "confirmed" | "unchanged";
  deviceToken: string | null;
}

interface Props {
  locale: string;
  phone: string;
  verification: VerificationView;
  purpose: "signup" | "enrollment";
  /** BOTH: a YES reply works too. */
  orReplyYes?: boolean;
  /** Enrollment: the two consent texts, shown verbatim. */
  consentTexts?: { verification: string; marketing: string };
  formVersionId: string | null;
  pageUrl: string | null;
  onDone: (done: CodeStepDone) => void;
}

interface ApiError {
  error?: { message?: string; reason?: string; fields?: Record<string, string[]> };
}

const DEAD = new Set(["too_many_attempts", "expired", "already_used", "replaced"]);

export function CodeStep({
  locale,
  phone,
  verification: initial,
  purpose,
  orReplyYes,
  consentTexts,
  formVersionId,
  pageUrl,
  onDone,
}: Props) {
  const strings = VERIFICATION_STRINGS[toLocale(locale)];
  const ids = useId();
  const [verification, setVerification] = useState(initial);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [dead, setDead] = useState(false);
  const [busy, setBusy] = useState<null | "check" | "resend">(null);
  const [twoFactor, setTwoFactor] = useState(false);
  const [marketing, setMarketing] = useState(false);
  const [consentError, setConsentError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const time = (iso: string) =>
    new Date(iso).toLocaleTimeString(locale, { hour: "2-digit", minute: "2-digit" });
  const expired = now >= new Date(verification.expiresAt).getTime();
  const waitSeconds = Math.max(
    0,
    Math.ceil((new Date(verification.resendAvailableAt).getTime() - now) / 1000),
  );
  const codeId = `${ids}-code`;

  async function post(path: string, body: unknown) {
    const response = await fetch(
      `/api/v1/enrollments/${encodeURIComponent(verification.verificationId)}/${path}`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      },
    );
    return { response, body: (await response.json().catch(() => null)) as unknown };
  }

  async function onVerify(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (purpose === "enrollment" && !twoFactor) {
      setConsentError(strings.verificationConsentRequired);
      return;
    }
    setConsentError(null);
    if (!/^\d{6}$/.test(code.replace(/[\s-]/g, ""))) {
      setError(strings.codeFormat);
      return;
    }
    setBusy("check");
    try {
      const { response, body } = await post("check", {
        code,
        consents: { verification: twoFactor, marketing },
        formVersionId: formVersionId ?? undefined,
        pageUrl,
      });
      if (response.ok) {
        const done = body as CodeStepDone;
        return onDone(done);
      }
      const failure = (body as ApiError | null)?.error;
      setError(failure?.message ?? "Something went wrong. Please try again.");
      if (failure?.reason && DEAD.has(failure.reason)) setDead(true);
      setCode("");
    } catch {
      setError("Something went wrong. Please try again.");
    } finally {
      setBusy(null);
    }
  }

  async function onResend(channel: "sms" | "call" | "whatsapp") {
    setBusy("resend");
    try {
      const { response, body } = await post("resend", { channel });
      if (response.ok) {
        setVerification(body as VerificationView);
        setError(null);
        setDead(false);
        setCode("");
        setNow(Date.now());
        return;
      }
      setError(
        (body as ApiError | null)?.error?.message ?? "Something went wrong. Please try again.",
      );
    } catch {
      setError("Something went wrong. Please try again.");
    } finally {
      setBusy(null);
    }
  }

  const stale = dead || expired;
  const shownError = expired && !dead ? strings.expired : error;
  return (
    <form onSubmit={onVerify} className="space-y-4" noValidate aria-labelledby={`${ids}-title`}>
      <div>
        <h2 id={`${ids}-title`} className="text-xl font-semibold text-slate-900">
          {strings.codeTitle}
        </h2>
        <p className="mt-1 text-sm text-slate-700">{fillTemplate(strings.codeSentTo, { phone })}</p>
        <p className="mt-1 font-medium text-slate-900" data-testid="code-expected">
          {fillTemplate(strings.enterCode, {
            sequence: String(verification.sequence),
            time: time(verification.sentAt),
          })}
        </p>
        <p className="text-xs text-slate-600">
          {fillTemplate(strings.expiresAt, { time: time(verification.expiresAt) })}
          {orReplyYes ? ` ${strings.orReplyYes}` : ""}
        </p>
      </div>
      <div>
        <label htmlFor={codeId} className="block text-sm font-medium text-slate-800">
          {strings.codeLabel}
        </label>
        <input
          id={codeId}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={9}
          value={code}
          disabled={stale}
          onChange={(event) => setCode(event.target.value)}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={shownError ? `${codeId}-error` : undefined}
          className="mt-1 block w-40 rounded-md border-0 bg-white px-3 py-2 text-center font-mono text-lg tracking-widest shadow-xs ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600 disabled:bg-slate-100"
        />
      </div>
      {shownError ? (
        <p
          id={`${codeId}-error`}
          role="alert"
          data-testid="code-error"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800"
        >
          {shownError}
        </p>
      ) : null}
      {purpose === "enrollment" && consentTexts ? (
        <fieldset className="space-y-3">
          <label className="flex items-center gap-3 text-sm font-medium text-slate-800">
            <input
              type="checkbox"
              checked={twoFactor && marketing}
              onChange={(event) => {
                setTwoFactor(event.target.checked);
                setMarketing(event.target.checked);
              }}
              className="size-4 rounded border-slate-400 text-brand-600"
            />
            {strings.selectAll}
          </label>
          <label className="flex items-start gap-3 text-sm text-slate-800">
            <input
              type="checkbox"
              checked={twoFactor}
              onChange={(event) => setTwoFactor(event.target.checked)}
              aria-invalid={consentError ? true : undefined}
              className="mt-1 size-4 shrink-0 rounded border-slate-400 text-brand-600"
            />
            <span className="whitespace-pre-line" data-testid="verification-consent-text">
              {consentTexts.verification}
            </span>
          </label>
          {consentError ? <p className="text-sm font-medium text-red-700">{consentError}</p> : null}
          <label className="flex items-start gap-3 text-sm text-slate-800">
            <input
              type="checkbox"
              checked={marketing}
              onChange={(event) => setMarketing(event.target.checked)}
              className="mt-1 size-4 shrink-0 rounded border-slate-400 text-brand-600"
            />
            <span className="whitespace-pre-line" data-testid="consent-text">
              {consentTexts.marketing}
            </span>
          </label>
        </fieldset>
      ) : null}
      <button
        type="submit"
        disabled={busy !== null || stale}
        className="w-full rounded-md bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-xs hover:bg-brand-700 disabled:opacity-60"
      >
        {busy === "check" ? strings.verifying : strings.verify}
      </button>
      <div className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <button
          type="button"
          disabled={busy !== null || waitSeconds > 0}
          onClick={() => void onResend("sms")}
          className="font-medium text-brand-700 underline disabled:text-slate-500 disabled:no-underline"
        >
          {busy === "resend"
            ? strings.sending
            : waitSeconds > 0
              ? fillTemplate(strings.resendIn, { seconds: String(waitSeconds) })
              : strings.resend}
        </button>
        {verification.channels.includes("call") ? (
          <button
            type="button"
            disabled={busy !== null || waitSeconds > 0}
            onClick={() => void onResend("call")}
            className="font-medium text-brand-700 underline disabled:text-slate-500 disabled:no-underline"
          >
            {strings.call}
          </button>
        ) : null}
        {verification.channels.includes("whatsapp") ? (
          <button
            type="button"
            disabled={busy !== null || waitSeconds > 0}
            onClick={() => void onResend("whatsapp")}
            className="font-medium text-brand-700 underline disabled:text-slate-500 disabled:no-underline"
          >
            {strings.whatsapp}
          </button>
        ) : null}
      </div>
    </form>
  );
}
