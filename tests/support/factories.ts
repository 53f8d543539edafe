// Test data built through the same domain functions the app uses.
import { randomBytes } from "node:crypto";
import { createAudience } from "@/lib/audiences/create-audience";
import { db } from "@/lib/db/client";
import { createForm } from "@/lib/forms/create-form";
import { publishForm } from "@/lib/forms/publish-form";
import { saveFormDraft } from "@/lib/forms/save-form-draft";
import { getForm } from "@/lib/forms/get-form";
import type { TFormContentSchema } from "@/lib/forms/form-content";
import { createAccount } from "@/lib/organizations/create-account";
import { signTwilioRequest } from "@/lib/sms/twilio-signature";
import { getEnv } from "@/lib/env";

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export async function createTestAccount(label = "Acme") {
  const suffix = uniqueSuffix();
  return createAccount({
    name: `${label} Owner`,
    email: `owner-${suffix}@${label.toLowerCase()}.test`,
    password: "correct horse battery staple",
    organizationName: `${label} ${suffix}`,
  });
}

/** What a new form needs beyond its defaults before it may be published. */
export const PUBLISHABLE_CONTENT = {
  helpText: "{program}: Help at help@acmedeals.shop. {frequency} {rates} Reply STOP to cancel.",
  termsUrl: "https://acmedeals.shop/sms-terms",
  privacyUrl: "https://acmedeals.shop/privacy",
} satisfies Partial<TFormContentSchema>;

/** Saves the draft with a real HELP contact and the terms and privacy links (and any changes). */
export async function makeFormPublishable(
  organizationId: string,
  formId: string,
  changes: Partial<TFormContentSchema> = {},
) {
  const { content } = await getForm({ organizationId, formId });
  await saveFormDraft({
    organizationId,
    formId,
    input: { ...content, ...PUBLISHABLE_CONTENT, ...changes },
  });
}

/** An organization with an audience and a published form. */
export async function createPublishedFormFixture(
  options: { label?: string; content?: Partial<TFormContentSchema> } = {},
) {
  const account = await createTestAccount(options.label);
  const organizationId = account.organization.id;
  const audience = await createAudience({ organizationId, input: { name: "VIP list" } });
  const form = await createForm({
    organizationId,
    input: {
      name: "Spring deals",
      audienceId: audience.id,
      programName: "Acme Deals",
      locale: "en",
      defaultCountry: "US",
    },
  });
  await makeFormPublishable(organizationId, form.id, options.content);
  // The version row as stored (publishForm also returns its segment warnings).
  const { warnings: _warnings, ...version } = await publishForm({
    organizationId,
    formId: form.id,
    userId: account.user.id,
  });
  return { account, organizationId, audience, form, version };
}

/** An organization with an audience and a published 2FA enrollment form. */
export async function createEnrollmentFormFixture(label = "App") {
  const account = await createTestAccount(label);
  const organizationId = account.organization.id;
  const audience = await createAudience({ organizationId, input: { name: "App users" } });
  const form = await createForm({
    organizationId,
    input: {
      name: "Login verification",
      audienceId: audience.id,
      programName: "Acme App",
      locale: "en",
      defaultCountry: "US",
      kind: "ENROLLMENT",
    },
  });
  await makeFormPublishable(organizationId, form.id);
  const version = await publishForm({ organizationId, formId: form.id, userId: account.user.id });
  return { account, organizationId, audience, form, version };
}

export function newMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

/** A webhook request signed exactly as Twilio signs it (or with the signature given). */
export function signedTwilioRequest(
  path: string,
  params: Record<string, string>,
  signature?: string,
): Request {
  const url = `${getEnv().publicBaseUrl}${path}`;
  return new Request(`http://internal${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signature ?? signTwilioRequest(url, params),
      "x-forwarded-for": "54.172.60.1",
    },
    body: new URLSearchParams(params).toString(),
  });
}

export function inboundSmsParams(
  from: string,
  body: string,
  sid = newMessageSid(),
): Record<string, string> {
  // Sent to the installation's default sender (Twilio's number and account, or the dev number).
  const env = getEnv();
  const twilio = env.smsProvider === "twilio";
  return {
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: (twilio ? env.TWILIO_ACCOUNT_SID : undefined) ?? `AC${"0".repeat(32)}`,
    From: from,
    To: (twilio ? env.TWILIO_FROM_NUMBER : undefined) ?? env.DEV_SMS_FROM_NUMBER,
    Body: body,
    NumMedia: "0",
  };
}

export function signupRequest(
  formId: string,
  body: unknown,
  headers: Record<string, string> = {},
): Request {
  return new Request(`http://internal/api/v1/public/forms/${formId}/signups`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Mozilla/5.0 (integration test)",
      "x-forwarded-for": "203.0.113.7",
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export async function countRows() {
  const [subscribers, events, messages, consents] = await Promise.all([
    db.subscriber.count(),
    db.consentEvent.count(),
    db.message.count(),
    db.consent.count(),
  ]);
  return { subscribers, events, messages, consents };
}
