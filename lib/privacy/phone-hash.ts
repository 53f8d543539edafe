// How an erased number is remembered without being kept: HMAC-SHA256 of the E.164 number
// under a key derived from AUTH_SECRET (HKDF, a label of its own), with the organization id in
// the message so that the same number hashes differently in each organization (no linking
// across tenants). A keyed hash rather than a plain or salted one: phone numbers are few
// enough to hash them all, so a copy of the database alone must not let anyone test a number.
// Rotating AUTH_SECRET changes every hash: erased numbers would no longer be recognized
// (README, "Privacy requests").
import { createHmac, hkdfSync } from "node:crypto";
import { getEnv } from "@/lib/env";

const LABEL = "optline suppression phone hash v1";

let cached: { secret: string; key: Buffer } | null = null;

function hashKey(): Buffer {
  const authSecret = getEnv().AUTH_SECRET;
  if (!authSecret) throw new Error("AUTH_SECRET is not set");
  if (cached?.secret !== authSecret) {
    cached = {
      secret: authSecret,
      key: Buffer.from(hkdfSync("sha256", authSecret, Buffer.alloc(0), LABEL, 32)),
    };
  }
  return cached.key;
}

/** Hex HMAC of an E.164 number for one organization. */
export function phoneHash(organizationId: string, phone: string): string {
  return createHmac("sha256", hashKey()).update(`${organizationId}\n${phone}`).digest("hex");
}

/** The phone column of an erased subscriber: unique per row, and no number. */
export function erasedPhoneOf(subscriberId: string): string {
  return `erased:${subscriberId}`;
}

export function isErasedPhone(phone: string): boolean {
  return phone.startsWith("erased:");
}
