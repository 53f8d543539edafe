import { describe, expect, it } from "vitest";
import { escapeHtml, fillHtml, html } from "./html";
import { renderPublicFormPage, type PublicFormState } from "./render-public-form-page";

const content = {
  locale: "de",
  headline: 'Join <b>"us"</b>',
  description: "",
  consentText: "I agree to <script>alert(1)</script> texts",
  buttonLabel: "Abonnieren",
  programName: "Bloom",
  defaultCountry: "DE",
  termsUrl: null,
  termsVersion: null,
  privacyUrl: null,
  privacyVersion: null,
  verificationMethod: "SMS_REPLY",
};
const frame = {
  formId: "form1",
  versionId: "v1",
  action: "/f/bloom",
  restartUrl: "/f/bloom",
  embedded: false,
  pageUrl: 'https://shop.example/?q="><img src=x>',
  referrer: null,
  scriptUrl: "/public-form.js?v=abc",
  showPoweredBy: true,
};
const countries = [
  { code: "DE", name: "Deutschland", callingCode: "49" },
  { code: "US", name: "Vereinigte Staaten", callingCode: "1" },
];

function render(state: PublicFormState) {
  return renderPublicFormPage({ content, countries, frame, state });
}

describe("html", () => {
  it("escapes interpolated text and keeps nested markup", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
    expect(html`<p>${"<b>"}${html`<i>${"&"}</i>`}${null}${["a", "<"]}</p>`.value).toBe(
      "<p>&lt;b&gt;<i>&amp;</i>a&lt;</p>",
    );
    expect(fillHtml("at {time} <{x}>", { time: html`<time>1</time>` }).value).toBe(
      "at <time>1</time> &lt;{x}&gt;",
    );
  });
});

describe("renderPublicFormPage", () => {
  it("carries optline's name in the footer and title unless the organization turned it off", () => {
    const state: PublicFormState = {
      step: "form",
      values: { phone: "", country: "DE", consent: false },
      errors: {},
    };
    const shown = render(state);
    expect(shown).toMatch(/<title>[^<]* · optline<\/title>/);
    expect(shown).toContain("double opt-in by optline");
    const hidden = renderPublicFormPage({
      content,
      countries,
      frame: { ...frame, showPoweredBy: false },
      state,
    });
    expect(hidden).not.toContain("optline");
    expect(hidden).toMatch(/<footer class="olf-footer">[^<]+<\/footer>/);
  });

  it("never turns form content or carried values into markup", () => {
    const page = render({
      step: "form",
      values: { phone: '"><script>', country: "DE", consent: false },
      errors: {},
    });
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain('"><script>');
    expect(page).not.toContain("<img");
    expect(page).toContain("Join &lt;b&gt;&quot;us&quot;&lt;/b&gt;");
    expect(page).toContain('<html lang="de">');
    expect(page).toContain("Handynummer");
  });

  it("keeps the input and ties each error to its field, focusing the first", () => {
    const page = render({
      step: "form",
      values: { phone: "0151 23", country: "US", consent: true },
      errors: { phone: "Die Nummer ist zu kurz.", consent: "Bitte Häkchen setzen." },
    });
    expect(page).toMatch(/<option\s+value="US"\s+selected/);
    expect(page).toMatch(
      /value="0151 23"[^>]*aria-invalid="true"[^>]*aria-describedby="olf-phone-error"[^>]*autofocus/,
    );
    expect(page).toMatch(/id="olf-phone-error"[^>]*role="alert"[^>]*>\s*Die Nummer ist zu kurz\./);
    expect(page).toMatch(/id="olf-consent"[^>]*checked[^>]*aria-invalid="true"/);
    // One autofocus: the first invalid field only.
    expect(page.match(/autofocus/g)).toHaveLength(1);
  });

  it("shows the success step with the masked number and an h1 in main", () => {
    const page = render({ step: "sent", phone: "+49 ••• •••• 67" });
    expect(page).toMatch(/<main[^>]*>\s*<h1[^>]*>Schauen Sie auf Ihr Handy<\/h1>/);
    expect(page).toContain("Eine SMS an +49 ••• •••• 67 ist unterwegs.");
    expect(page).not.toContain("<form");
  });
});
