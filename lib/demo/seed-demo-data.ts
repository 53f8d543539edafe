// First-run demo data, made through the same domain functions as real use: an organization,
// a user, an audience, a published form, and three subscribers (confirmed, pending,
// unsubscribed) whose evidence was produced by the real signup and SMS code paths. The demo
// replies are marked signatureVerified: false, because no webhook signature was checked.
import "server-only";
import { randomBytes } from "node:crypto";
import { createAudience } from "@/lib/audiences/create-audience";
import { getEnv } from "@/lib/env";
import { createForm } from "@/lib/forms/create-form";
import { getForm } from "@/lib/forms/get-form";
import { publishForm } from "@/lib/forms/publish-form";
import { saveFormDraft } from "@/lib/forms/save-form-draft";
import { updateFormSettings } from "@/lib/forms/update-form-settings";
import { createAccount } from "@/lib/organizations/create-account";
import { submitSignup } from "@/lib/signups/submit-signup";
import { handleInboundSms } from "@/lib/sms/handle-inbound-sms";
import { outboxIdle } from "@/lib/sms/outbox-worker";

export const DEMO_EMAIL = "demo@optline.local";

export interface DemoLogin {
  email: string;
  password: string;
  formSlug: string;
}

export async function seedDemoData(): Promise<DemoLogin> {
  const password = randomBytes(9).toString("base64url");
  const { user, organization } = await createAccount({
    name: "Dana Demo",
    email: DEMO_EMAIL,
    password,
    organizationName: "Demo Coffee Co.",
  });
  const organizationId = organization.id;
  const audience = await createAudience({
    organizationId,
    input: { name: "Coffee lovers", description: "Weekly deals and new roasts." },
  });
  const form = await createForm({
    organizationId,
    input: {
      name: "Weekly deals",
      audienceId: audience.id,
      programName: "Demo Coffee",
      locale: "en",
      defaultCountry: "US",
    },
  });
  const formSlug = `weekly-deals-${randomBytes(2).toString("hex")}`;
  await updateFormSettings({
    organizationId,
    formId: form.id,
    input: { name: "Weekly deals", slug: formSlug, allowedOrigins: [] },
  });
  const { content } = await getForm({ organizationId, formId: form.id });
  await saveFormDraft({
    organizationId,
    formId: form.id,
    input: {
      ...content,
      description: "One text a week with our best deal. No spam, cancel any time.",
      helpText:
        "{program}: Help at help@democoffee.shop. {frequency} {rates} Reply STOP to cancel.",
      termsUrl: "https://democoffee.shop/sms-terms",
      privacyUrl: "https://democoffee.shop/privacy",
      frequencyText: "1 msg/week.",
    },
  });
  await publishForm({ organizationId, formId: form.id, userId: user.id });

  const context = { ip: "127.0.0.1", userAgent: "optline demo seed" };
  const reply = (from: string, body: string) =>
    handleInboundSms({
      params: {
        MessageSid: `SM${randomBytes(16).toString("hex")}`,
        From: from,
        To: organization.devSmsNumber,
        Body: body,
      },
      signatureVerified: false,
      route: { kind: "dev_number", organizationId },
    });
  const signUp = async (phone: string) => {
    await submitSignup({
      formIdOrSlug: form.id,
      input: {
        phone,
        country: "US",
        marketingConsent: true,
        pageUrl: `${getEnv().publicBaseUrl}/f/${formSlug}`,
        referrer: null,
      },
      context,
    });
    // The confirmation goes out in the background; the demo's replies answer it, so wait.
    await outboxIdle();
  };

  await signUp("+12015550143");
  await reply("+12015550143", "YES");
  await signUp("+12015550178");
  await signUp("+12015550112");
  await reply("+12015550112", "Yes");
  await reply("+12015550112", "stop");
  return { email: DEMO_EMAIL, password, formSlug };
}
