import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { checkFormContent, defaultFormContent, renderFormSms } from "./form-content";

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
