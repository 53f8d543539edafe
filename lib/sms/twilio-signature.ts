// X-Twilio-Signature: base64(HMAC-SHA1(auth token, full URL + each POST parameter name and
// value, sorted by name)). We check it with the SDK's own implementation, against the public
// URL Twilio called (PUBLIC_BASE_URL + path + query), never against the Host header, which a
// client controls. The dev provider signs with a token derived from AUTH_SECRET.
import { createHmac } from "node:crypto";
import twilio from "twilio";
import { getEnv } from "@/lib/env";

export function webhookAuthToken(): string {
  const env = getEnv();
  if (env.smsProvider === "twilio") return env.TWILIO_AUTH_TOKEN ?? "";
  if (!env.AUTH_SECRET) throw new Error("AUTH_SECRET is not set");
  return createHmac("sha256", env.AUTH_SECRET).update("optline dev sms webhook").digest("hex");
}

/** The URL Twilio was configured with for a request that reached us at `requestUrl`. */
export function publicWebhookUrl(requestUrl: string): string {
  const url = new URL(requestUrl);
  return `${getEnv().publicBaseUrl}${url.pathname}${url.search}`;
}

export function isValidTwilioSignature(options: {
  signature: string | null;
  url: string;
  params: Record<string, string>;
  authToken?: string;
}): boolean {
  if (!options.signature) return false;
  return twilio.validateRequest(
    options.authToken ?? webhookAuthToken(),
    options.signature,
    options.url,
    options.params,
  );
}

export function signTwilioRequest(
  url: string,
  params: Record<string, string>,
  authToken = webhookAuthToken(),
): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
