// "Remember this device": after a successful code, the business's app gets a signed token
// for (subscriber, device). Presenting it with the same number later skips the SMS. The
// token is stateless: HMAC-SHA256 keyed from AUTH_SECRET over subscriber id, device id and
// expiry, so nothing is stored and rotating AUTH_SECRET invalidates every token.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const DEVICE_TOKEN_DAYS = 90;
const VERSION = "odt1";

function tokenKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("optline device token v1").digest();
}

function signature(payload: string, secret: string): string {
  return createHmac("sha256", tokenKey(secret)).update(payload).digest("base64url");
}

export interface DeviceTokenClaims {
  subscriberId: string;
  deviceId: string;
  expiresAt: Date;
}

export function issueDeviceToken(
  options: { subscriberId: string; deviceId?: string; now: Date },
  secret: string,
): { token: string; claims: DeviceTokenClaims } {
  const deviceId = options.deviceId ?? randomBytes(12).toString("base64url");
  const expiresAt = new Date(options.now.getTime() + DEVICE_TOKEN_DAYS * 86_400_000);
  const payload = `${VERSION}.${options.subscriberId}.${deviceId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return {
    token: `${payload}.${signature(payload, secret)}`,
    claims: { subscriberId: options.subscriberId, deviceId, expiresAt },
  };
}

/** The token's claims if it is ours, untampered and unexpired; otherwise null. */
export function verifyDeviceToken(
  token: string,
  now: Date,
  secret: string,
): DeviceTokenClaims | null {
  const parts = token.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) return null;
  const [, subscriberId, deviceId, expiry, given] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^[\w-]{1,64}$/.test(subscriberId) || !/^[\w-]{1,64}$/.test(deviceId)) return null;
  if (!/^\d{1,12}$/.test(expiry)) return null;
  const expected = Buffer.from(signature(parts.slice(0, 4).join("."), secret));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const expiresAt = new Date(Number(expiry) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return null;
  return { subscriberId, deviceId, expiresAt };
}
