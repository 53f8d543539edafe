import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import {
  checkFormContent,
  confirmationTemplateFor,
  defaultFormContent,
  renderFormSms,
  warnFormSegments,
  ZFormContentSchema,
} from "./form-content";

/** A new form's defaults with what its owner must fill in before publishing. */
function ready(
  locale: (typeof LOCALES)[number],
  kind?: "SIGNUP" | "ENROLLMENT",
  programName = "Acme",
) {
  const content = defaultFormContent({ locale, programName, defaultCountry: "US", kind });
  return {
    ...content,
    helpText: content.helpText.replace(/\[[^\]]+\]/, "help@acmedeals.shop"),
    termsUrl: "https://acmedeals.shop/sms-terms",
    privacyUrl: "https://acmedeals.shop/privacy",
  };
}

describe("form content", () => {
  it.each(LOCALES)(
    "refuses the %s defaults until the contact and links are filled in",
    (locale) => {
      const content = defaultFormContent({
        locale,
        programName: "Acme Deals",
        defaultCountry: "US",
      });
      const problems = checkFormContent(content);
      expect(problems.map((problem) => problem.field)).toEqual([
        "helpText",
        "termsUrl",
        "privacyUrl",
        "helpText",
      ]);
      // The default HELP text says what to fill in, and the refusal quotes it.
      const placeholder = /\[[^\]]+\]/.exec(content.helpText)![0];
      expect(problems[3]!.message).toContain(`“${placeholder}”`);
    },
  );

  it.each(LOCALES)("passes every check once the %s defaults are filled in", (locale) => {
    expect(checkFormContent(ready(locale))).toEqual([]);
  });

  it("renders placeholders from the form's own fields", () => {
    const content = defaultFormContent({
      locale: "en",
      programName: "Acme Deals",
      defaultCountry: "US",
    });
    expect(renderFormSms(content.confirmationMessage, content)).toBe(
      "Acme Deals: Reply YES to confirm your subscription to recurring marketing texts. Up to 4 msgs/month. Msg & data rates may apply. Reply HELP for help, STOP to cancel.",
    );
  });

  it("flags each missing CTIA element of the confirmation message", () => {
    const content = {
      ...ready("en", "SIGNUP", "Acme Deals"),
      confirmationMessage: "Hi! Please confirm.",
    };
    expect(checkFormContent(content).map((problem) => problem.message)).toEqual([
      "The confirmation message must include the program name.",
      "The confirmation message must include the message frequency.",
      "The confirmation message must include the rates text.",
      "The confirmation message must include how to confirm (e.g. “Reply YES”).",
      "The confirmation message must include HELP instructions.",
      "The confirmation message must include STOP instructions.",
    ]);
  });

  it("wants a contact and STOP in the HELP reply", () => {
    const content = {
      ...ready("en", "SIGNUP", "Acme Deals"),
      helpText: "{program}: we are here for you.",
    };
    expect(checkFormContent(content).map((problem) => problem.field)).toEqual([
      "helpText",
      "helpText",
    ]);
  });
});

describe("form content: verification by code", () => {
  const base = ready("en", "SIGNUP", "Acme Deals");
  const noYes =
    "{program}: You're subscribed. {frequency} {rates} Reply HELP for help, STOP to cancel.";
  const yesProblem = "The confirmation message must include how to confirm (e.g. “Reply YES”).";

  it("does not ask a code-only form's confirmation message for YES", () => {
    const messages = (content: typeof base) =>
      checkFormContent(content).map((problem) => problem.message);
    expect(messages({ ...base, verificationMethod: "CODE", confirmationMessage: noYes })).toEqual(
      [],
    );
    // Either method still sends the "Reply YES" text, so it still needs YES.
    expect(messages({ ...base, verificationMethod: "BOTH", confirmationMessage: noYes })).toEqual([
      yesProblem,
    ]);
    expect(messages({ ...base, confirmationMessage: noYes })).toEqual([yesProblem]);
  });

  it.each(LOCALES)("passes every check with the %s enrollment defaults filled in", (locale) => {
    const content = ready(locale, "ENROLLMENT");
    expect(content.verificationMethod).toBe("CODE");
    expect(checkFormContent(content, { kind: "ENROLLMENT" })).toEqual([]);
  });

  it("wants an enrollment form's 2FA consent text to name the program", () => {
    const content = { ...ready("en", "ENROLLMENT"), verificationConsentText: "" };
    expect(checkFormContent(content, { kind: "ENROLLMENT" }).map((p) => p.field)).toEqual([
      "verificationConsentText",
      "verificationConsentText",
    ]);
  });

  it("switches only stock confirmation wording when the method changes", () => {
    const code = confirmationTemplateFor("en", "CODE", base.confirmationMessage);
    expect(code).not.toMatch(/YES/);
    expect(confirmationTemplateFor("en", "SMS_REPLY", code)).toBe(base.confirmationMessage);
    expect(confirmationTemplateFor("en", "CODE", "My own words")).toBe("My own words");
  });

  it("parses the editor's new fields: expiry 5–10 min, countries deduplicated", () => {
    const parsed = ZFormContentSchema.safeParse({
      ...base,
      codeExpiryMinutes: "4",
      allowedCountries: ["de", "US", "DE"],
    });
    expect(parsed.success).toBe(false);
    const ok = ZFormContentSchema.parse({
      ...base,
      codeExpiryMinutes: "7",
      allowedCountries: ["de", "US", "DE"],
    });
    expect(ok).toMatchObject({ codeExpiryMinutes: 7, allowedCountries: ["DE", "US"] });
    expect(ZFormContentSchema.safeParse({ ...base, allowedCountries: ["XX"] }).success).toBe(false);
  });
});

describe("form content: placeholders and links", () => {
  const help = (contact: string) =>
    `{program}: Help at ${contact}. {frequency} Reply STOP to cancel.`;

  it.each([
    ["support@example.com", "support@example.com"],
    ["help@shop.example.org", "help@shop.example.org"],
    ["https://example.net/help", "example.net"],
    ["help@acme.test", "help@acme.test"],
    ["care@acme.example", "care@acme.example"],
    ["+1 (201) 555-0100", "555-0100"],
    ["201.555.0123", "555.0123"],
    ["07700 900123", "07700 900123"],
    ["[your support email]", "[your support email]"],
    ["<phone>", "<phone>"],
    ["{{support_email}}", "{{support_email}}"],
    ["{contact}", "{contact}"],
    ["your company's site", "your company"],
    ["the brand name hotline", "brand name"],
    ["TBD", "TBD"],
    ["XXX-XXX-XXXX", "XXX"],
  ])("refuses %s in the HELP reply", (contact, quoted) => {
    const problems = checkFormContent({ ...ready("en"), helpText: help(contact) });
    expect(problems.filter((problem) => problem.field === "helpText")).toContainEqual({
      field: "helpText",
      message: `The HELP reply still has a placeholder, “${quoted}”: replace it with your real details.`,
    });
  });

  it.each(["help@acmedeals.shop", "+1 415 523 8886", "www.acmedeals.shop/help", "0800 123 4567"])(
    "accepts a real contact: %s",
    (contact) => {
      expect(checkFormContent({ ...ready("en"), helpText: help(contact) })).toEqual([]);
    },
  );

  it("refuses placeholders in the texts on the page too, naming the field", () => {
    const content = {
      ...ready("en"),
      headline: "Get texts from Your Brand",
      consentText: `${ready("en").consentText} Questions: [brand] support.`,
      termsUrl: "https://www.example.com/terms",
    };
    expect(checkFormContent(content)).toEqual([
      {
        field: "headline",
        message:
          "The headline still has a placeholder, “Your Brand”: replace it with your real details.",
      },
      {
        field: "consentText",
        message:
          "The consent text still has a placeholder, “[brand]”: replace it with your real details.",
      },
      {
        field: "termsUrl",
        message:
          "The terms URL still has a placeholder, “www.example.com”: replace it with your real details.",
      },
    ]);
  });

  it("requires the terms and privacy links carriers ask for", () => {
    const problems = checkFormContent({ ...ready("en"), termsUrl: "", privacyUrl: "" });
    expect(problems.map((problem) => problem.field)).toEqual(["termsUrl", "privacyUrl"]);
    expect(problems[0]!.message).toMatch(/messaging terms.*30917, 30924/);
    expect(problems[1]!.message).toMatch(/privacy policy.*30917, 30924/);
  });
});

describe("form content: what carrier reviewers reject", () => {
  it("wants the rates wording, a real frequency and the full consent disclosures in English", () => {
    const problems = checkFormContent({
      ...ready("en", "SIGNUP", "Acme Deals"),
      ratesText: "Carrier charges possible.",
      frequencyText: "Sometimes.",
      consentText:
        "Yes, send me recurring automated marketing texts from Acme Deals. Reply STOP to cancel.",
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      "The rates disclosure must include “Msg & data rates may apply” (the wording reviewers look for).",
      "The message frequency must include how many texts (e.g. “Up to 4 msgs/month.”) or that the number varies.",
      "The consent text must include that message and data rates may apply.",
      "The consent text must include the message frequency.",
      "The consent text must include that consent is not a condition of purchase.",
    ]);
  });

  it("accepts “Message and data rates may apply” and a consent text that repeats the fields", () => {
    const content = ready("en", "SIGNUP", "Acme Deals");
    expect(
      checkFormContent({
        ...content,
        ratesText: "Message and data rates may apply.",
        frequencyText: "2 texts a week.",
        consentText:
          "I agree to marketing texts from Acme Deals. 2 texts a week. Message and data rates may apply. Consent is not a condition of purchase. Reply STOP to cancel.",
      }),
    ).toEqual([]);
  });
});

describe("form content: segment warnings", () => {
  it("warns when the default confirmation crosses into a second segment", () => {
    // 155 characters besides the program name: a 5-character name fits one segment, 6 do not.
    expect(warnFormSegments({ ...ready("en"), programName: "Acmes" })).toEqual([]);
    expect(warnFormSegments({ ...ready("en"), programName: "Acme Deals" })).toEqual([
      {
        field: "confirmationMessage",
        message:
          "The confirmation message takes 2 SMS segments (165 characters, GSM-7), each billed: shorten it by 5 to fit one.",
      },
    ]);
  });

  it("counts a long HELP reply, and UCS-2 unless transliteration is on", () => {
    const content = {
      ...ready("en"),
      programName: "Łódź",
      helpText:
        "{program}: Help at help@acmedeals.shop. Reply STOP to cancel, HELP for help, any time you want.",
    };
    expect(warnFormSegments(content).map((warning) => warning.message)).toEqual([
      expect.stringMatching(
        /^The confirmation message takes 3 SMS segments \(\d+ characters, UCS-2\)/,
      ),
      expect.stringMatching(/^The HELP reply takes 2 SMS segments \(\d+ characters, UCS-2\)/),
    ]);
    expect(warnFormSegments({ ...content, transliterate: true })).toEqual([]);
  });

  it("never blocks publishing: warnings are not problems", () => {
    expect(checkFormContent(ready("en", "SIGNUP", "Acme Deals Worldwide"))).toEqual([]);
  });
});
