// What reviewers reject is listed before the marketer submits: a form version published before
// a check existed (or built by hand) is flagged in the kit, form by form.
import { describe, expect, it } from "vitest";
import { defaultFormContent } from "@/lib/forms/form-content";
import { formVersionColumns } from "@/lib/forms/form-version-columns";
import { buildOptInEvidence } from "@/lib/opt-in-evidence/build-opt-in-evidence";
import { buildRegistrationKit } from "./build-registration-kit";

function form(name: string, changes: Partial<ReturnType<typeof defaultFormContent>>) {
  const content = {
    ...defaultFormContent({ locale: "en", programName: "Bean Club", defaultCountry: "US" }),
    helpText: "{program}: help at help@beanclub.shop. Reply STOP to cancel.",
    termsUrl: "https://beanclub.shop/terms",
    privacyUrl: "https://beanclub.shop/privacy",
    ...changes,
  };
  const version = { ...formVersionColumns(content), version: 1, publishedAt: new Date() };
  return {
    content,
    evidence: buildOptInEvidence({
      organizationName: "Bean Co",
      form: { slug: name.toLowerCase(), name },
      version,
      sender: "+15005550006",
      keywords: name === "Counter" ? ["COFFEE"] : [],
      publicBaseUrl: "https://sms.beanclub.shop",
    }),
  };
}

describe("buildRegistrationKit", () => {
  it("flags, per form, what reviewers reject", () => {
    const kit = buildRegistrationKit({
      organizationName: "Bean Co",
      sender: "+15005550006",
      forms: [
        form("Good", {}),
        form("Old", {
          privacyUrl: "",
          ratesText: "Carrier fees.",
          helpText: "{program}: help at [your support email]. Reply STOP to cancel.",
          confirmationMessage: "{program}: Reply YES to confirm. {frequency} {rates}",
        }),
      ],
    });
    const old = kit.problems.filter((problem) => problem.form === "Old").map((p) => p.message);
    expect(kit.problems.filter((problem) => problem.form === "Good")).toEqual([]);
    expect(old.sort()).toEqual(
      [
        "The confirmation message must include HELP instructions.",
        "The confirmation message must include STOP instructions.",
        "The HELP reply must include a contact (email, phone or web address).",
        "The form must include a link to your privacy policy (carriers reject campaigns without one: Twilio errors 30917, 30924).",
        "The rates disclosure must include “Msg & data rates may apply” (the wording reviewers look for).",
        "The HELP reply still has a placeholder, “[your support email]”: replace it with your real details.",
      ].sort(),
    );
  });

  it("describes the keyword opt-in and lists its keyword", () => {
    const kit = buildRegistrationKit({
      organizationName: "Bean Co",
      sender: "+15005550006",
      forms: [form("Counter", {})],
    });
    expect(kit.optInKeywords).toEqual(["COFFEE", "YES"]);
    expect(kit.optInMethods.map((method) => method.kind)).toEqual(["web_form", "keyword"]);
    expect(kit.messageFlow).toContain("texts “COFFEE” to +15005550006");
    expect(kit.campaignDescription).toContain("texting a keyword (COFFEE) to +15005550006");
  });
});
