// Endpoint signing secrets. Standard Webhooks format: "whsec_" + base64 of 32 random bytes
// (the HMAC key is the decoded bytes). We must sign with the secret itself, so it cannot be
// hashed like an API key: it is stored encrypted with AES-256-GCM under a key derived from
// AUTH_SECRET (HKDF, its own label), bound to the organization (AAD), and shown once. Rotating
// AUTH_SECRET makes stored secrets unreadable: deliveries then fail with a clear error until
// the secret is rolled (dashboard → Webhooks → Roll secret).
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
const FORMAT = "v1";

export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

/** The HMAC key of a "whsec_…" secret. */
export function webhookSigningKey(secret: string): Buffer {
  return Buffer.from(secret.slice(WEBHOOK_SECRET_PREFIX.length), "base64");
}

function encryptionKey(): Buffer {
  const authSecret = getEnv().AUTH_SECRET;
  if (!authSecret) throw new Error("AUTH_SECRET is not set");
  return Buffer.from(
    hkdfSync("sha256", authSecret, Buffer.alloc(0), "optline webhook secrets v1", 32),
  );
}

export function encryptWebhookSecret(secret: string, organizationId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  cipher.setAAD(Buffer.from(organizationId));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const sealed = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
  return `${FORMAT}.${sealed.toString("base64url")}`;
}

/** Throws if the value was not sealed by this AUTH_SECRET for this organization. */
export function decryptWebhookSecret(sealedValue: string, organizationId: string): string {
  const [format, payload] = sealedValue.split(".");
  if (format !== FORMAT || !payload) throw new Error("Unknown webhook secret format");
  const sealed = Buffer.from(payload, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(organizationId));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([
    decipher.update(sealed.subarray(12, sealed.length - 16)),
    decipher.final(),
  ]).toString("utf8");
}
