// The carrier registration kit from what is really configured: each field a reviewer reads
// (US A2P 10DLC campaign, toll-free verification) is present and comes from the published
// version, and the content checks list what reviewers would reject. No snapshots: each required
// element is looked for by itself.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { renderFormSms } from "@/lib/forms/form-content";
import { getRegistrationKits } from "@/lib/registration-kit/get-registration-kit";
import { createPublishedFormFixture, createTestAccount } from "../support/factories";

describe("registration kit", () => {
  it("holds every element reviewers require, from the published form", async () => {
    const { organizationId, form, version } = await createPublishedFormFixture({ label: "Kit" });
    const [kit, ...more] = await getRegistrationKits({ organizationId });
    expect(more).toEqual([]);
    if (!kit) throw new Error("no kit");
    // With the dev provider the default sender is the organization's own dev number.
    const { devSmsNumber: sender } = await db.organization.findUniqueOrThrow({
      where: { id: organizationId },
    });
    const confirmation = renderFormSms(version.confirmationMessage, version);
    const help = renderFormSms(version.helpText, version);
    const base = getEnv().publicBaseUrl;
    const evidenceUrl = `${base}/f/${form.slug}/opt-in-evidence`;

    expect(kit.problems).toEqual([]);
    expect(kit.sender).toBe(sender);
    // Campaign description: who sends what, to whom, how they opted in, how often.
    for (const part of [
      "Acme Deals",
      sender,
      "web form",
      "double",
      "Msg & data rates may apply",
      "Up to 4 msgs/month.",
    ]) {
      expect(kit.campaignDescription).toContain(part);
    }
    // Opt-in workflow: the full journey of the web form, the consent language, the links and
    // the public evidence.
    expect(kit.optInMethods.map((method) => method.kind)).toEqual(["web_form"]);
    for (const part of [
      `${base}/f/${form.slug}`,
      version.consentText,
      "starts unchecked",
      "https://acmedeals.shop/sms-terms",
      "https://acmedeals.shop/privacy",
      confirmation,
      "replies YES",
      evidenceUrl,
    ]) {
      expect(kit.messageFlow).toContain(part);
    }
    // The messages actually sent: confirmation, welcome, HELP and STOP replies.
    expect(kit.sampleMessages.map((sample) => sample.label)).toEqual([
      "Confirmation request",
      "Welcome",
      "HELP reply",
      "STOP reply",
    ]);
    expect(kit.sampleMessages[0]!.body).toBe(confirmation);
    expect(kit.sampleMessages[1]!.body).toMatch(/^Acme Deals: Thanks, you're subscribed!/);
    expect(kit.sampleMessages[2]!.body).toBe(help);
    expect(kit.sampleMessages[3]!.body).toMatch(/^Acme Deals: You're unsubscribed/);
    expect(kit.optInKeywords).toEqual(["YES"]);
    expect(kit.optInMessage).toBe(confirmation);
    expect(kit.optOutKeywords).toEqual(
      expect.arrayContaining(["STOP", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]),
    );
    expect(kit.optOutMessage).toBe(kit.sampleMessages[3]!.body);
    expect(kit.helpKeywords).toEqual(["HELP", "INFO"]);
    expect(kit.helpMessage).toBe(help);
    expect(kit.messageFrequency).toEqual(["Up to 4 msgs/month."]);
    expect(kit.termsUrls).toEqual(["https://acmedeals.shop/sms-terms"]);
    expect(kit.privacyUrls).toEqual(["https://acmedeals.shop/privacy"]);
    expect(kit.evidenceUrls).toEqual([
      {
        form: "Spring deals",
        page: evidenceUrl,
        pdf: `${evidenceUrl}.pdf`,
        png: `${evidenceUrl}.png`,
      },
    ]);
    expect(kit.embedsLinks).toBe(false);
  });

  it("says there is nothing to register without a published form, and reads no other organization", async () => {
    await createPublishedFormFixture({ label: "Other" });
    const { organization } = await createTestAccount("Empty");
    const [kit] = await getRegistrationKits({ organizationId: organization.id });
    if (!kit) throw new Error("no kit");
    expect(kit.evidenceUrls).toEqual([]);
    expect(kit.campaignDescription).toBe("");
    expect(kit.problems).toEqual([
      {
        form: null,
        message:
          "No published signup form sends from this number: reviewers need a documented opt-in. Publish a form first.",
      },
    ]);
  });
});
