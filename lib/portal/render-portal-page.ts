// The privacy portal (/p/<slug>) as plain HTML, like the public form: no JavaScript, every
// step an ordinary form POST answered with this page again. One h1 in a <main> landmark per
// state; errors next to their field (aria-invalid, aria-describedby, role=alert), notices in
// a status region.
import { FORM_STRINGS } from "@/lib/i18n/form-strings";
import { fillTemplate, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import type { CountryOption } from "@/lib/phone/countries";
import { fillHtml, html, Html } from "@/lib/public-form/html";
import { PUBLIC_FORM_CSS } from "@/lib/public-form/public-form-css";
import { VERIFICATION_STRINGS } from "@/lib/verification/verification-strings";
import type { VerificationView } from "@/lib/verification/verification-view";
import type { ConsentState, PortalList } from "./get-portal-overview";
import { PORTAL_STRINGS, type PortalStrings } from "./portal-strings";

export type PortalNotice =
  | "sessionEnded"
  | "signedOut"
  | "linkInvalid"
  | "linkExpired"
  | "withdrawn"
  | "nothingToWithdraw"
  | "unknownList"
  | "eraseCompleted"
  | "eraseAwaiting"
  | "forbidden"
  | "rateLimited";

export type PortalState =
  | {
      step: "start";
      values: { phone: string; country: string };
      error?: string;
      notice?: PortalNotice;
    }
  | {
      step: "code";
      /** Masked, for display. */
      phone: string;
      /** What was typed, carried for "send a new code". */
      values: { phone: string; country: string };
      verification: VerificationView;
      error?: string;
    }
  | {
      step: "overview";
      phone: string;
      lists: PortalList[];
      /** The list a withdraw link was opened for. */
      focus: string | null;
      notice?: PortalNotice;
      erasureAvailable: boolean;
    };

export interface PortalPage {
  organization: { name: string; slug: string };
  locale: Locale;
  countries: CountryOption[];
  state: PortalState;
}

const PORTAL_CSS = `
.olp-list{border:1px solid #e2e8f0;border-radius:.5rem;padding:1rem}
.olp-list[data-focus=true]{border-color:#2f54eb;box-shadow:0 0 0 1px #2f54eb}
h2{font-size:1.0625rem;font-weight:600;margin:0}
h3{font-size:1rem;font-weight:600;margin:0}
.olp-consent{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem}
.olp-consent form{margin:0}
.olp-small{font-size:.8125rem;color:#475569}
.olp-history{margin:.25rem 0 0;padding-left:1.25rem;font-size:.8125rem;color:#334155}
.olp-notice{border-radius:.375rem;background:#f0fdf4;padding:.5rem .75rem;font-size:.875rem;color:#166534}
.olp-secondary{display:inline-block;border:1px solid #94a3b8;border-radius:.375rem;background:#fff;padding:.375rem .75rem;font:inherit;font-size:.875rem;font-weight:500;color:#0f172a;cursor:pointer}
.olp-danger{background:#b91c1c}
.olp-danger:hover{background:#991b1b}
.olp-langs a{margin-right:.5rem}
.olp-card{max-width:36rem!important}
`;

export function renderPortalPage(page: PortalPage): string {
  const strings = PORTAL_STRINGS[page.locale];
  const org = page.organization.name;
  const title =
    page.state.step === "overview"
      ? fillTemplate(strings.overviewTitle, { org })
      : page.state.step === "code"
        ? VERIFICATION_STRINGS[page.locale].codeTitle
        : fillTemplate(strings.title, { org });
  const body =
    page.state.step === "start"
      ? renderStart(page, page.state, strings)
      : page.state.step === "code"
        ? renderCode(page, page.state)
        : renderOverview(page, page.state, strings);
  return html`<!doctype html>
    <html lang="${page.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · optline</title>
        <style>
          ${new Html(PUBLIC_FORM_CSS + PORTAL_CSS)}
        </style>
      </head>
      <body class="olf-hosted">
        <main class="olf-card olp-card" data-state="${page.state.step}">
          <h1 tabindex="-1">${title}</h1>
          ${body}
        </main>
        <footer class="olf-footer">
          <nav class="olp-langs" aria-label="${strings.language}">
            ${LOCALES.map((locale) =>
              locale === page.locale
                ? html`<a href="${selfUrl(page, locale)}" aria-current="page" lang="${locale}"
                    >${LOCALE_NAMES[locale]}</a
                  >`
                : html`<a href="${selfUrl(page, locale)}" lang="${locale}"
                    >${LOCALE_NAMES[locale]}</a
                  >`,
            )}
          </nav>
          <p>${org} · optline</p>
        </footer>
      </body>
    </html>`.value;
}

function portalPath(page: PortalPage): string {
  return `/p/${encodeURIComponent(page.organization.slug)}`;
}

function selfUrl(page: PortalPage, locale: Locale): string {
  return `${portalPath(page)}?lang=${locale}`;
}

function hidden(name: string, value: string): Html {
  return html`<input type="hidden" name="${name}" value="${value}" />`;
}

function notice(
  strings: PortalStrings,
  org: string,
  value: PortalNotice | undefined,
  locale: Locale,
) {
  if (!value) return null;
  const text =
    value === "rateLimited"
      ? FORM_STRINGS[locale].rateLimited
      : value === "linkInvalid" || value === "linkExpired"
        ? null
        : fillTemplate(strings[value], { org });
  if (value === "linkInvalid" || value === "linkExpired") {
    const heading = value === "linkInvalid" ? strings.linkInvalidTitle : strings.linkExpiredTitle;
    return html`<div class="olf-alert" role="alert" data-testid="portal-notice">
      <p class="olf-strong">${heading}</p>
      <p>${strings[value]}</p>
    </div>`;
  }
  const alert =
    value === "forbidden" ||
    value === "rateLimited" ||
    value === "sessionEnded" ||
    value === "unknownList";
  return alert
    ? html`<p class="olf-alert" role="alert" data-testid="portal-notice">${text}</p>`
    : html`<p class="olp-notice" role="status" data-testid="portal-notice">${text}</p>`;
}

function renderStart(
  page: PortalPage,
  state: Extract<PortalState, { step: "start" }>,
  strings: PortalStrings,
): Html {
  const form = FORM_STRINGS[page.locale];
  const org = page.organization.name;
  return html`${notice(strings, org, state.notice, page.locale)}
    <p class="olf-description">${fillTemplate(strings.intro, { org })}</p>
    <form method="post" action="${portalPath(page)}" novalidate>
      ${hidden("step", "phone")} ${hidden("lang", page.locale)}
      <div class="olf-field">
        <label for="olp-country">${form.country}</label>
        <select id="olp-country" name="country" autocomplete="country">
          ${page.countries.map(
            (option) =>
              html`<option
                value="${option.code}"
                ${option.code === state.values.country ? " selected" : ""}
              >
                ${option.name} (+${option.callingCode})
              </option>`,
          )}
        </select>
      </div>
      <div class="olf-field">
        <label for="olp-phone">${form.phone}</label>
        <input
          id="olp-phone"
          name="phone"
          type="tel"
          inputmode="tel"
          autocomplete="tel-national"
          maxlength="40"
          value="${state.values.phone}"
          ${
            state.error
              ? html` aria-invalid="true" aria-describedby="olp-phone-error" autofocus`
              : ""
          }
        />
        ${
          state.error
            ? html`<p id="olp-phone-error" class="olf-error" role="alert">${state.error}</p>`
            : null
        }
      </div>
      <button type="submit" class="olf-button">${strings.sendCode}</button>
    </form>`;
}

function renderCode(page: PortalPage, state: Extract<PortalState, { step: "code" }>): Html {
  const strings = PORTAL_STRINGS[page.locale];
  const code = VERIFICATION_STRINGS[page.locale];
  const { verification } = state;
  const time = (iso: string) =>
    html`<time datetime="${iso}">${new Date(iso).toISOString().slice(11, 16)} UTC</time>`;
  return html`<p role="status">
      ${fillTemplate(strings.codeSentIfKnown, { phone: state.phone, org: page.organization.name })}
    </p>
    <form method="post" action="${portalPath(page)}" novalidate>
      ${hidden("step", "code")} ${hidden("lang", page.locale)}
      ${hidden("verificationId", verification.verificationId)}
      ${hidden("phone", state.values.phone)} ${hidden("country", state.values.country)}
      ${hidden(
        "shown",
        Buffer.from(JSON.stringify({ phone: state.phone, verification })).toString("base64url"),
      )}
      <p class="olf-strong" data-testid="code-expected">
        ${fillHtml(code.enterCode, {
          sequence: String(verification.sequence),
          time: time(verification.sentAt),
        })}
      </p>
      <p class="olf-hint">${fillHtml(code.expiresAt, { time: time(verification.expiresAt) })}</p>
      <div class="olf-field">
        <label for="olp-code">${code.codeLabel}</label>
        <input
          id="olp-code"
          name="code"
          class="olf-code"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength="9"
          ${
            state.error
              ? html` aria-invalid="true" aria-describedby="olp-code-error" autofocus`
              : ""
          }
        />
        ${
          state.error
            ? html`<p id="olp-code-error" class="olf-error" role="alert" data-testid="code-error">
                ${state.error}
              </p>`
            : null
        }
      </div>
      <button type="submit" class="olf-button">${code.verify}</button>
    </form>
    <form method="post" action="${portalPath(page)}">
      ${hidden("step", "phone")} ${hidden("lang", page.locale)}
      ${hidden("phone", state.values.phone)} ${hidden("country", state.values.country)}
      <button type="submit" class="olf-link-button">${code.resend}</button>
      <a href="${selfUrl(page, page.locale)}">${strings.useOtherNumber}</a>
    </form>`;
}

const STATE_KEY: Record<ConsentState, keyof PortalStrings> = {
  on: "statusOn",
  pending: "statusPending",
  off: "statusOff",
  never: "statusNever",
};

function formatDate(iso: string, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(new Date(iso));
  return `${text} UTC`;
}

function renderOverview(
  page: PortalPage,
  state: Extract<PortalState, { step: "overview" }>,
  strings: PortalStrings,
): Html {
  const org = page.organization.name;
  const path = portalPath(page);
  const focused = state.lists.find((list) => list.subscriberId === state.focus);
  const withdrawButton = (
    list: PortalList,
    purpose: "marketing" | "verification",
    consent: ConsentState,
  ) =>
    consent === "on" || consent === "pending"
      ? html`<form method="post" action="${path}">
          ${hidden("step", "withdraw")} ${hidden("lang", page.locale)}
          ${hidden("subscriberId", list.subscriberId)} ${hidden("purpose", purpose)}
          <button
            type="submit"
            class="olp-secondary"
            data-testid="withdraw-${purpose}-${list.subscriberId}"
            aria-label="${fillTemplate(strings.withdrawFor, {
              purpose: purpose === "marketing" ? strings.marketing : strings.verification,
              list: list.listName,
            })}"
          >
            ${strings.withdraw}
          </button>
        </form>`
      : null;
  const consentRow = (list: PortalList, purpose: "marketing" | "verification") => {
    const consent = list[purpose];
    const label = purpose === "marketing" ? strings.marketing : strings.verification;
    const status = fillTemplate(strings[STATE_KEY[consent.state]] as string, {
      date: consent.since ? formatDate(consent.since, page.locale) : "",
    });
    return html`<div class="olp-consent" data-testid="consent-${purpose}-${list.subscriberId}">
      <p>
        <span class="olf-strong">${label}:</span>
        <span data-consent-state="${consent.state}">${status}</span>
      </p>
      ${withdrawButton(list, purpose, consent.state)}
    </div>`;
  };
  const anythingActive = state.lists.some((list) =>
    [list.marketing.state, list.verification.state].some(
      (value) => value === "on" || value === "pending",
    ),
  );
  return html`${notice(strings, org, state.notice, page.locale)}
    <p>${fillTemplate(strings.overviewIntro, { phone: state.phone })}</p>
    ${focused ? html`<p>${fillTemplate(strings.fromLink, { list: focused.listName })}</p>` : null}
    ${state.lists.length === 0 ? html`<p>${fillTemplate(strings.noLists, { org })}</p>` : null}
    ${state.lists.map(
      (list) =>
        html`<section
          class="olp-list"
          id="list-${list.subscriberId}"
          aria-labelledby="list-${list.subscriberId}-name"
          data-testid="portal-list"
          data-focus="${list.subscriberId === state.focus ? "true" : "false"}"
        >
          <h2 id="list-${list.subscriberId}-name">${list.listName}</h2>
          ${consentRow(list, "marketing")} ${consentRow(list, "verification")}
          ${
            list.history.length
              ? html`<h3 class="olp-small">${strings.history}</h3>
                  <ul class="olp-history">
                    ${list.history.map(
                      (entry) =>
                        html`<li>
                          <time datetime="${entry.at}">${formatDate(entry.at, page.locale)}</time>:
                          ${entry.text}
                        </li>`,
                    )}
                  </ul>`
              : null
          }
        </section>`,
    )}
    ${
      anythingActive
        ? html`<form method="post" action="${path}">
            ${hidden("step", "withdraw")} ${hidden("lang", page.locale)}
            ${hidden("subscriberId", "all")} ${hidden("purpose", "all")}
            <button type="submit" class="olf-button olp-danger">${strings.withdrawAll}</button>
            <p class="olf-hint">${fillTemplate(strings.withdrawAllHint, { org })}</p>
          </form>`
        : null
    }
    ${
      state.lists.length
        ? html`<section aria-labelledby="olp-data">
            <h2 id="olp-data">${strings.dataTitle}</h2>
            <p class="olp-small">${fillTemplate(strings.dataBody, { org })}</p>
            <ul>
              <li><a href="${path}/data.json" download>${strings.downloadJson}</a></li>
              ${state.lists.map(
                (list) =>
                  html`<li>
                    <a href="${path}/proof.pdf?subscriberId=${list.subscriberId}" download
                      >${fillTemplate(strings.downloadPdf, { list: list.listName })}</a
                    >
                  </li>`,
              )}
            </ul>
          </section>`
        : null
    }
    ${
      state.erasureAvailable && state.lists.length
        ? html`<section aria-labelledby="olp-erase">
            <h2 id="olp-erase">${strings.eraseTitle}</h2>
            <p class="olp-small">${fillTemplate(strings.eraseBody, { org })}</p>
            <form method="post" action="${path}">
              ${hidden("step", "erase")} ${hidden("lang", page.locale)}
              <button type="submit" class="olp-secondary">${strings.eraseButton}</button>
            </form>
          </section>`
        : null
    }
    <form method="post" action="${path}">
      ${hidden("step", "signout")} ${hidden("lang", page.locale)}
      <button type="submit" class="olf-link-button">${strings.signOut}</button>
    </form>`;
}
