// Endpoint signing secrets. Standard Webhooks format: "whsec_" + base64 of 32 random bytes
// (the HMAC key is the decoded bytes). We must sign with the secret itself, so it cannot be
// hashed like an API key: it is stored encrypted with AES-256-GCM under a key derived from
// AUTH_SECRET (HKDF, its own label), bound to the organization (AAD), and shown once. Rotating
// AUTH_SECRET makes stored secrets unreadable: deliveries then fail with a clear error until
// the secret is rolled (dashboard → Webhooks → Roll secret).
import { randomBytes } from "node:crypto";
import { seal, unseal } from "@/lib/crypto/sealed-box";

export const WEBHOOK_SECRET_PREFIX = "whsec_";

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** The HMAC key of a "whsec_…" secret. */
export function webhookSigningKey(secret: string): Buffer {
  return Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), "base64");
}

const LABEL = "optline webhook secrets v1";

export function encryptWebhookSecret(secret: string, organizationId: string): string {
  return seal(secret, { label: LABEL, boundTo: organizationId });
}

/** Throws if the value was not sealed by this AUTH_SECRET for this organization. */
export function decryptWebhookSecret(sealedValue: string, organizationId: string): string {
  return unseal(sealedValue, { label: LABEL, boundTo: organizationId });
}
