// Publishing is where a form's words go live: a new form's default placeholder contact and
// its missing terms and privacy links are refused (one message per problem, nothing
// published), and the same form publishes once they are filled in.
import { describe, expect, it } from "vitest";
import { createAudience } from "@/lib/audiences/create-audience";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createForm } from "@/lib/forms/create-form";
import { getForm } from "@/lib/forms/get-form";
import { publishForm } from "@/lib/forms/publish-form";
import { saveFormDraft } from "@/lib/forms/save-form-draft";
import { createTestAccount } from "../support/factories";

async function newForm(programName: string) {
  const account = await createTestAccount("Publish");
  const organizationId = account.organization.id;
  const audience = await createAudience({ organizationId, input: { name: "List" } });
  const form = await createForm({
    organizationId,
    input: {
      name: "Deals",
      audienceId: audience.id,
      programName,
      locale: "en",
      defaultCountry: "US",
    },
  });
  const publish = () => publishForm({ organizationId, formId: form.id, userId: account.user.id });
  const save = async (changes: Record<string, unknown>) => {
    const { content } = await getForm({ organizationId, formId: form.id });
    return saveFormDraft({ organizationId, formId: form.id, input: { ...content, ...changes } });
  };
  return { form, publish, save };
}

const publishedVersions = (formId: string) =>
  db.signupFormVersion.count({ where: { formId, publishedAt: { not: null } } });

describe("publishing a form's content", () => {
  it("refuses a new form's defaults with a message per problem, and publishes once fixed", async () => {
    const { form, publish, save } = await newForm("Acme");
    const refusal = await publish().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).fields).toEqual({
      helpText: [
        "The HELP reply must include a contact (email, phone or web address).",
        "The HELP reply still has a placeholder, “[your support email or phone]”: replace it with your real details.",
      ],
      termsUrl: [
        "The form must include a link to your messaging terms (carriers reject campaigns without one: Twilio errors 30917, 30924).",
      ],
      privacyUrl: [
        "The form must include a link to your privacy policy (carriers reject campaigns without one: Twilio errors 30917, 30924).",
      ],
    });
    expect(await publishedVersions(form.id)).toBe(0);

    // Swapping in another stock contact is refused just the same.
    await save({
      helpText: "{program}: Help at support@example.com. {frequency} Reply STOP to cancel.",
      termsUrl: "https://acmedeals.shop/sms-terms",
      privacyUrl: "https://acmedeals.shop/privacy",
    });
    const again = await publish().catch((error: unknown) => error);
    expect((again as AppError).fields).toEqual({
      helpText: [
        "The HELP reply still has a placeholder, “support@example.com”: replace it with your real details.",
      ],
    });
    expect(await publishedVersions(form.id)).toBe(0);

    await save({
      helpText: "{program}: Help at help@acmedeals.shop. {frequency} Reply STOP to cancel.",
    });
    const version = await publish();
    expect(version).toMatchObject({
      version: 1,
      termsUrl: "https://acmedeals.shop/sms-terms",
      privacyUrl: "https://acmedeals.shop/privacy",
      warnings: [],
    });
    expect(await publishedVersions(form.id)).toBe(1);
  });

  it("publishes a text that takes two segments, with a warning", async () => {
    const { publish, save } = await newForm("Acme Deals");
    await save({
      helpText: "{program}: Help at help@acmedeals.shop. Reply STOP to cancel.",
      termsUrl: "https://acmedeals.shop/sms-terms",
      privacyUrl: "https://acmedeals.shop/privacy",
    });
    const version = await publish();
    expect(version.publishedAt).not.toBeNull();
    expect(version.warnings).toEqual([
      {
        field: "confirmationMessage",
        message:
          "The confirmation message takes 2 SMS segments (165 characters, GSM-7), each billed: shorten it by 5 to fit one.",
      },
    ]);
  });
});
