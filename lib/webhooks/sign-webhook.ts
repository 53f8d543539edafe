// Standard Webhooks signature (https://www.standardwebhooks.com): the headers webhook-id,
// webhook-timestamp (Unix seconds) and webhook-signature = "v1," + base64 of
// HMAC-SHA256(key, "<id>.<timestamp>.<body>"), the key being the secret's decoded bytes.
import { createHmac } from "node:crypto";
import { webhookSigningKey } from "./webhook-secret";

export interface WebhookHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

export function signWebhook(options: {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
}): WebhookHeaders {
  const timestamp = String(Math.floor(options.timestamp));
  const signature = createHmac("sha256", webhookSigningKey(options.secret))
    .update(`${options.id}.${timestamp}.${options.body}`)
    .digest("base64");
  return {
    "webhook-id": options.id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${signature}`,
  };
}
