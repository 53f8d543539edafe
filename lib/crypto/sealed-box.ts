// Secrets optline must read back (webhook signing secrets, Twilio credentials, per-subscriber
// data keys): AES-256-GCM under a key derived from AUTH_SECRET with HKDF, one label per
// purpose so that a value sealed for one use cannot be opened as another, and bound to its
// owner (AAD, e.g. the organization id). Rotating AUTH_SECRET makes sealed values unreadable.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/env";

const FORMAT = "v1";

function purposeKey(label: string): Buffer {
  const authSecret = getEnv().AUTH_SECRET;
  if (!authSecret) throw new Error("AUTH_SECRET is not set");
  return Buffer.from(hkdfSync("sha256", authSecret, Buffer.alloc(0), label, 32));
}

export interface SealOptions {
  /** HKDF label of the purpose, e.g. "optline webhook secrets v1". */
  label: string;
  /** What the value belongs to (authenticated, not encrypted): usually the organization id. */
  boundTo: string;
}

/** "v1." + base64url(iv | ciphertext | tag). */
export function seal(plaintext: string | Buffer, { label, boundTo }: SealOptions): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", purposeKey(label), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${FORMAT}.${Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString("base64url")}`;
}

/** Throws if the value was not sealed under this AUTH_SECRET, label and owner. */
export function unsealBytes(sealedValue: string, { label, boundTo }: SealOptions): Buffer {
  const [format, payload] = sealedValue.split(".");
  if (format !== FORMAT || !payload) throw new Error("Unknown sealed value format");
  const sealed = Buffer.from(payload, "base64url");
  const decipher = createDecipheriv("aes-256-gcm", purposeKey(label), sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([
    decipher.update(sealed.subarray(12, sealed.length - 16)),
    decipher.final(),
  ]);
}

export function unseal(sealedValue: string, options: SealOptions): string {
  return unsealBytes(sealedValue, options).toString("utf8");
}
