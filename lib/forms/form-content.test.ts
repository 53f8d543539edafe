import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import {
  checkFormContent,
  confirmationTemplateFor,
  defaultFormContent,
  renderFormSms,
  ZFormContentSchema,
} from "./form-content";

describe("form content", () => {
  it.each(LOCALES)("passes every check with the %s defaults", (locale) => {
    const content = defaultFormContent({ locale, programName: "Acme Deals", defaultCountry: "US" });
    // The default HELP text has a placeholder contact, which is a real address shape.
    expect(checkFormContent(content)).toEqual([]);
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
      ...defaultFormContent({ locale: "en", programName: "Acme Deals", defaultCountry: "US" }),
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
      ...defaultFormContent({ locale: "en", programName: "Acme Deals", defaultCountry: "US" }),
      helpText: "{program}: we are here for you.",
    };
    expect(checkFormContent(content).map((problem) => problem.field)).toEqual([
      "helpText",
      "helpText",
    ]);
  });
});

describe("form content: verification by code", () => {
  const base = defaultFormContent({
    locale: "en",
    programName: "Acme Deals",
    defaultCountry: "US",
  });
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

  it.each(LOCALES)("passes every check with the %s enrollment defaults", (locale) => {
    const content = defaultFormContent({
      locale,
      programName: "Acme Deals",
      defaultCountry: "US",
      kind: "ENROLLMENT",
    });
    expect(content.verificationMethod).toBe("CODE");
    expect(checkFormContent(content, { kind: "ENROLLMENT" })).toEqual([]);
  });

  it("wants an enrollment form's 2FA consent text to name the program", () => {
    const content = {
      ...defaultFormContent({
        locale: "en",
        programName: "Acme Deals",
        defaultCountry: "US",
        kind: "ENROLLMENT",
      }),
      verificationConsentText: "",
    };
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
