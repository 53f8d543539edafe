// The hosted and embedded signup page (/f/<slug>) as plain HTML: it works without
// JavaScript (every step is a form POST answered with this page again), and
// public/public-form.js, a few KB, enhances it in place (no reload, countdowns, local times,
// iframe height). Each state has one h1 in a <main> landmark; errors sit next to their field
// (aria-invalid + aria-describedby, role=alert) and the first invalid field takes the focus.
import { FORM_STRINGS } from "@/lib/i18n/form-strings";
import { fillTemplate, toLocale } from "@/lib/i18n/locales";
import type { CountryOption } from "@/lib/phone/countries";
import { VERIFICATION_STRINGS } from "@/lib/verification/verification-strings";
import type { VerificationView } from "@/lib/verification/verification-view";
import { fillHtml, html, Html } from "./html";
import { PUBLIC_FORM_CSS } from "./public-form-css";
import { PORTAL_STRINGS } from "@/lib/portal/portal-strings";

export interface PublicFormContent {
  locale: string;
  headline: string;
  description: string;
  consentText: string;
  buttonLabel: string;
  programName: string;
  defaultCountry: string;
  termsUrl: string | null;
  termsVersion: string | null;
  privacyUrl: string | null;
  privacyVersion: string | null;
  verificationMethod: string;
}

/** Where the page is and what it carries from step to step. */
export interface PublicFormFrame {
  formId: string;
  versionId: string;
  /** The URL the form posts to (/f/<slug>, with ?embed=1 when embedded). */
  action: string;
  /** Where "Use a different number" leads: the form again, empty. */
  restartUrl: string;
  embedded: boolean;
  /** The page the person is on (embeds: the host page) and its referrer, for the evidence. */
  pageUrl: string | null;
  referrer: string | null;
  /** /public-form.js?v=<hash>; empty for the editor's preview (no script). */
  scriptUrl: string;
  /** The organization's privacy portal (/p/<slug>), linked in the hosted page's footer. */
  portalUrl?: string;
  /** The organization's "double opt-in by optline" footer and "· optline" title suffix. */
  showPoweredBy: boolean;
}

export type PublicFormState =
  | {
      step: "form";
      values: { phone: string; country: string; consent: boolean };
      errors: { phone?: string; country?: string; consent?: string };
      /** A problem with the whole submission (rate limit, form changed…). */
      alert?: string;
    }
  | { step: "sent"; phone: string }
  | {
      step: "code";
      phone: string;
      verification: VerificationView;
      error?: string;
      /** The code can no longer be used (too many tries, replaced): only a new code helps. */
      dead?: boolean;
    }
  | { step: "verified" };

export function renderPublicFormPage(options: {
  content: PublicFormContent;
  countries: CountryOption[];
  frame: PublicFormFrame;
  state: PublicFormState;
  now?: Date;
}): string {
  const { content, frame, state } = options;
  const body = renderState(options, options.now ?? new Date());
  const credit = frame.showPoweredBy ? " · double opt-in by optline" : "";
  // One line, no stray whitespace: "Program · Your privacy choices · double opt-in by optline".
  // prettier-ignore
  const portalLink = frame.portalUrl
    ? html` · <a href="${frame.portalUrl}?lang=${toLocale(content.locale)}">${PORTAL_STRINGS[toLocale(content.locale)].portalLink}</a>`
    : null;
  const footer = frame.embedded
    ? null
    : html`<footer class="olf-footer">${content.programName}${portalLink}${credit}</footer>`;
  const page = html`<!doctype html>
    <html lang="${content.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${titleOf(content, state)}${frame.showPoweredBy ? " · optline" : ""}</title>
        <style>
          ${new Html(PUBLIC_FORM_CSS)}
        </style>
        ${frame.scriptUrl ? html`<script src="${frame.scriptUrl}" defer></script>` : null}
      </head>
      <body class="${frame.embedded ? "olf-embedded" : "olf-hosted"}">
        <main
          id="olf-root"
          class="olf-card"
          data-form-id="${frame.formId}"
          data-state="${state.step}"
        >
          ${body}
        </main>
        ${footer}
      </body>
    </html>`;
  return page.value;
}

function titleOf(content: PublicFormContent, state: PublicFormState): string {
  const strings = FORM_STRINGS[toLocale(content.locale)];
  const codeStrings = VERIFICATION_STRINGS[toLocale(content.locale)];
  if (state.step === "sent") return strings.successTitle;
  if (state.step === "code") return codeStrings.codeTitle;
  if (state.step === "verified") return codeStrings.doneSignupTitle;
  return content.headline;
}

function renderState(
  {
    content,
    countries,
    frame,
    state,
  }: {
    content: PublicFormContent;
    countries: CountryOption[];
    frame: PublicFormFrame;
    state: PublicFormState;
  },
  now: Date,
): Html {
  const strings = FORM_STRINGS[toLocale(content.locale)];
  const codeStrings = VERIFICATION_STRINGS[toLocale(content.locale)];
  switch (state.step) {
    case "sent":
      return html`<h1 tabindex="-1">${strings.successTitle}</h1>
        <p role="status">${fillTemplate(strings.successBody, { phone: state.phone })}</p>
        <p class="olf-hint">${strings.successHint}</p>
        <p><a href="${frame.restartUrl}">${strings.startOver}</a></p>`;
    case "verified":
      return html`<h1 tabindex="-1">${codeStrings.doneSignupTitle}</h1>
        <p role="status">${codeStrings.doneSignupBody}</p>`;
    case "code":
      return renderCodeStep(content, frame, state, now);
    case "form":
      return renderSignupForm(content, countries, frame, state);
  }
}

/** The hidden fields every step posts back: which version was shown, and where. */
function carriedFields(frame: PublicFormFrame): Html {
  return html`<input type="hidden" name="formVersionId" value="${frame.versionId}" />
    <input type="hidden" name="page" value="${frame.pageUrl ?? ""}" />
    <input type="hidden" name="ref" value="${frame.referrer ?? ""}" />`;
}

function errorText(id: string, message: string | undefined, testId?: string): Html | null {
  if (!message) return null;
  return html`<p
    id="${id}"
    class="olf-error"
    role="alert"
    ${testId ? html` data-testid="${testId}"` : ""}
  >
    ${message}
  </p>`;
}

/** aria-invalid, aria-describedby and (for the first invalid field) autofocus. */
function invalidAttributes(error: string | undefined, errorId: string, first: boolean): Html {
  if (!error) return html``;
  return html` aria-invalid="true" aria-describedby="${errorId}"${first ? html` autofocus` : ""}`;
}

function renderSignupForm(
  content: PublicFormContent,
  countries: CountryOption[],
  frame: PublicFormFrame,
  state: Extract<PublicFormState, { step: "form" }>,
): Html {
  const strings = FORM_STRINGS[toLocale(content.locale)];
  const { values, errors } = state;
  const firstInvalid = errors.country
    ? "country"
    : errors.phone
      ? "phone"
      : errors.consent
        ? "consent"
        : null;
  const links = [
    content.termsUrl
      ? html`<a href="${content.termsUrl}" target="_blank" rel="noreferrer"
          >${strings.terms}${content.termsVersion ? ` (${content.termsVersion})` : ""}</a
        >`
      : null,
    content.privacyUrl
      ? html`<a href="${content.privacyUrl}" target="_blank" rel="noreferrer"
          >${strings.privacy}${content.privacyVersion ? ` (${content.privacyVersion})` : ""}</a
        >`
      : null,
  ].filter((link): link is Html => link !== null);
  return html`<h1 tabindex="-1">${content.headline}</h1>
    ${content.description ? html`<p class="olf-description">${content.description}</p>` : null}
    <form
      method="post"
      action="${frame.action}"
      novalidate
      data-olf-form
      data-sending-label="${strings.sending}"
      data-error-label="${strings.genericError}"
    >
      <input type="hidden" name="step" value="signup" />
      ${carriedFields(frame)}
      ${state.alert ? html`<p class="olf-alert" role="alert">${state.alert}</p>` : null}
      <div class="olf-field">
        <label for="olf-country">${strings.country}</label>
        <select
          id="olf-country"
          name="country"
          autocomplete="country"
          ${invalidAttributes(errors.country, "olf-country-error", firstInvalid === "country")}
        >
          ${countries.map(
            (option) =>
              html`<option
                value="${option.code}"
                ${option.code === values.country ? " selected" : ""}
              >
                ${option.name} (+${option.callingCode})
              </option>`,
          )}
        </select>
        ${errorText("olf-country-error", errors.country)}
      </div>
      <div class="olf-field">
        <label for="olf-phone">${strings.phone}</label>
        <input
          id="olf-phone"
          name="phone"
          type="tel"
          inputmode="tel"
          autocomplete="tel-national"
          maxlength="40"
          value="${values.phone}"
          ${
            errors.phone
              ? invalidAttributes(errors.phone, "olf-phone-error", firstInvalid === "phone")
              : html` aria-describedby="olf-phone-hint"`
          }
        />
        ${errors.phone ? errorText("olf-phone-error", errors.phone) : html`<p id="olf-phone-hint" class="olf-hint">${strings.phoneHint}</p>`}
      </div>
      <div class="olf-field">
        <div class="olf-check">
          <input
            id="olf-consent"
            name="marketingConsent"
            type="checkbox"
            value="yes"
            ${values.consent ? " checked" : ""}${invalidAttributes(errors.consent, "olf-consent-error", firstInvalid === "consent")}
          />
          <label for="olf-consent" class="olf-consent" data-testid="consent-text"
            >${content.consentText}</label
          >
        </div>
        ${errorText("olf-consent-error", errors.consent)}
      </div>
      ${links.length ? html`<p class="olf-links">${links.flatMap((link, index) => (index ? [" · ", link] : [link]))}</p>` : null}
      <div class="olf-trap" aria-hidden="true">
        <label>Company <input type="text" name="company" tabindex="-1" autocomplete="off" /></label>
      </div>
      <button type="submit" class="olf-button">${content.buttonLabel}</button>
    </form>`;
}

function renderCodeStep(
  content: PublicFormContent,
  frame: PublicFormFrame,
  state: Extract<PublicFormState, { step: "code" }>,
  now: Date,
): Html {
  const strings = VERIFICATION_STRINGS[toLocale(content.locale)];
  const { verification } = state;
  const expired = now.getTime() >= new Date(verification.expiresAt).getTime();
  const stale = Boolean(state.dead) || expired;
  const error = expired && !state.dead ? strings.expired : state.error;
  const time = (iso: string) =>
    html`<time datetime="${iso}" data-olf-time
      >${new Date(iso).toISOString().slice(11, 16)} UTC</time
    >`;
  // Without JavaScript the resend buttons are always enabled (the server refuses a resend that
  // comes too early, with a message); public-form.js counts the cooldown down on them.
  const resendButton = (channel: string, label: string) =>
    html`<button
      type="submit"
      name="channel"
      value="${channel}"
      class="olf-link-button"
      data-resend-at="${verification.resendAvailableAt}"
      data-wait-label="${strings.resendIn}"
      data-busy-label="${strings.sending}"
    >
      ${label}
    </button>`;
  return html`<h1 tabindex="-1">${strings.codeTitle}</h1>
    <form
      method="post"
      action="${frame.action}"
      novalidate
      data-olf-form
      data-expires-at="${verification.expiresAt}"
      data-expired-label="${strings.expired}"
      data-error-label="${strings.codeFormat}"
    >
      <input type="hidden" name="step" value="code" />
      <input type="hidden" name="verificationId" value="${verification.verificationId}" />
      <input type="hidden" name="phone" value="${state.phone}" />
      <input
        type="hidden"
        name="shown"
        value="${Buffer.from(JSON.stringify(verification)).toString("base64url")}"
      />
      ${carriedFields(frame)}
      <p>${fillTemplate(strings.codeSentTo, { phone: state.phone })}</p>
      <p class="olf-strong" data-testid="code-expected">
        ${fillHtml(strings.enterCode, {
          sequence: String(verification.sequence),
          time: time(verification.sentAt),
        })}
      </p>
      <p class="olf-hint">
        ${fillHtml(strings.expiresAt, { time: time(verification.expiresAt) })}${
          content.verificationMethod === "BOTH" ? ` ${strings.orReplyYes}` : ""
        }
      </p>
      <div class="olf-field">
        <label for="olf-code">${strings.codeLabel}</label>
        <input
          id="olf-code"
          name="code"
          class="olf-code"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength="9"
          ${stale ? " disabled" : ""}${invalidAttributes(error, "olf-code-error", !stale)}
        />
        <div data-olf-code-error>${errorText("olf-code-error", error, "code-error")}</div>
      </div>
      <button
        type="submit"
        name="channel"
        value=""
        class="olf-button"
        data-busy-label="${strings.verifying}"
        ${stale ? " disabled" : ""}
      >
        ${strings.verify}
      </button>
      <p class="olf-resend">
        ${resendButton("sms", strings.resend)}${
          verification.channels.includes("call") ? resendButton("call", strings.call) : null
        }${verification.channels.includes("whatsapp") ? resendButton("whatsapp", strings.whatsapp) : null}
      </p>
    </form>`;
}
