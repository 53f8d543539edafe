// /f/<slug>/opt-in-evidence as plain HTML, public and printable, for carrier reviewers: the form
// exactly as /f/<slug> serves it (the same renderer, without its script, in an inert iframe),
// every text of the flow, the disclosures and links, and the same evidence as PDF and PNG.
import { html, Html } from "@/lib/public-form/html";
import type { OptInEvidence } from "./build-opt-in-evidence";

const CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0f172a;line-height:1.5;background:#f8fafc}
main{max-width:56rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.5rem;margin:0}
h2{font-size:1.125rem;margin:2rem 0 .75rem;border-bottom:1px solid #cbd5e1;padding-bottom:.25rem}
h3{font-size:1rem;margin:1rem 0 .25rem}
p{margin:.25rem 0}
.meta{color:#475569;font-size:.875rem}
.downloads a{margin-right:1rem}
a{color:#2341c4}
dl{display:grid;grid-template-columns:12rem 1fr;gap:.5rem 1rem;margin:0}
dt{font-weight:600;color:#334155}
dd{margin:0;white-space:pre-line}
ol{padding-left:1.5rem}
li{margin:.25rem 0}
.form-frame{display:block;width:100%;max-width:32rem;height:44rem;border:1px solid #cbd5e1;border-radius:.5rem;background:#fff}
.sms{list-style:none;padding:0}
.sms li{margin:0 0 1rem;break-inside:avoid}
.bubble{display:inline-block;max-width:32rem;background:#e2e8f0;border-radius:1rem;padding:.5rem .875rem;white-space:pre-wrap}
.when{font-size:.8125rem;color:#475569}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8125rem;word-break:break-all}
section{break-inside:avoid-page}
@media print{
  body{background:#fff}
  main{padding:0;max-width:none}
  .downloads{display:none}
  .form-frame{border:1px solid #94a3b8}
  a{color:#0f172a}
  a[href^="http"]::after{content:" (" attr(href) ")";font-size:.75rem}
}
`;

export function renderOptInEvidencePage(evidence: OptInEvidence, servedFormHtml: string): string {
  const d = evidence.disclosures;
  const base = `/f/${encodeURIComponent(evidence.slug)}/opt-in-evidence`;
  const link = (url: string | null, version: string | null) =>
    url ? html`<a href="${url}">${url}</a>${version ? ` (version ${version})` : ""}` : "Not linked";
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>SMS opt-in evidence: ${d.programName} · optline</title>
        <style>
          ${new Html(CSS)}
        </style>
      </head>
      <body>
        <main>
          <h1>SMS opt-in evidence: ${d.programName}</h1>
          <p class="meta">
            ${evidence.organizationName} · form “${evidence.formName}”, version ${evidence.version}
            ${evidence.publishedAt ? html`published <time datetime="${evidence.publishedAt}">${evidence.publishedAt.slice(0, 10)}</time>` : null}
            · texts from ${evidence.sender}
          </p>
          <p class="meta">
            Public page for carrier review, generated from the live version of the form at
            <a href="${evidence.hostedUrl}">${evidence.hostedUrl}</a>.
          </p>
          <p class="downloads">
            <a href="${base}.pdf" download>Download as PDF</a>
            <a href="${base}.png" download>Download as PNG</a>
          </p>

          <section aria-labelledby="methods">
            <h2 id="methods">How people opt in</h2>
            ${evidence.methods.map(
              (method) =>
                html`<h3>${method.title}</h3>
                  <ol>
                    ${method.steps.map((step) => html`<li>${step}</li>`)}
                  </ol>`,
            )}
          </section>

          <section aria-labelledby="disclosures">
            <h2 id="disclosures">Disclosures shown at opt-in</h2>
            <dl>
              <dt>Program (brand)</dt>
              <dd>${d.programName}</dd>
              <dt>Consent text (next to an unchecked checkbox)</dt>
              <dd data-testid="evidence-consent">${d.consentText}</dd>
              <dt>Message frequency</dt>
              <dd>${d.frequencyText}</dd>
              <dt>Rates</dt>
              <dd>${d.ratesText}</dd>
              <dt>Opt-out and help</dt>
              <dd>Reply STOP to cancel, HELP for help, at any time.</dd>
              <dt>Button</dt>
              <dd>${d.buttonLabel}</dd>
              <dt>Terms</dt>
              <dd>${link(d.termsUrl, d.termsVersion)}</dd>
              <dt>Privacy policy</dt>
              <dd>${link(d.privacyUrl, d.privacyVersion)}</dd>
              ${
                evidence.keywords.length
                  ? html`<dt>Opt-in keywords</dt>
                      <dd>${evidence.keywords.join(", ")}</dd>`
                  : null
              }
              <dt>Consent text SHA-256</dt>
              <dd class="mono">${evidence.consentTextSha256}</dd>
            </dl>
          </section>

          <section aria-labelledby="form">
            <h2 id="form">The form as served</h2>
            <p class="meta">
              The page at ${evidence.hostedUrl}, rendered by the same code that serves it (inert
              here: nothing can be submitted).
            </p>
            <iframe
              class="form-frame"
              title="The signup form as served"
              sandbox="allow-same-origin"
              srcdoc="${servedFormHtml}"
            ></iframe>
          </section>

          <section aria-labelledby="messages">
            <h2 id="messages">Every text of the flow</h2>
            <ul class="sms">
              ${evidence.messages.map(
                (message) =>
                  html`<li data-testid="evidence-sms-${message.key}">
                    <h3>${message.label}</h3>
                    <p class="when">${message.when}</p>
                    <p class="bubble">${message.body}</p>
                  </li>`,
              )}
            </ul>
          </section>
        </main>
      </body>
    </html>`;
  return page.value;
}
