// The rules of a verification code, as pure functions so that they are unit-tested without a
// database: how a code is made, stored (HMAC, never the code itself) and compared, how long
// it lives, how many wrong entries and sends it gets, and which "code N of today" it is.
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";

export const CODE_LENGTH = 6;
export const MAX_WRONG_ATTEMPTS = 5;
export const RESEND_COOLDOWN_SECONDS = 30;
export const MAX_SENDS_PER_HOUR = 5;
export const DEFAULT_EXPIRY_MINUTES = 10;
export const MIN_EXPIRY_MINUTES = 5;
export const MAX_EXPIRY_MINUTES = 10;

/** A uniformly random 6-digit code, leading zeros allowed. */
export function generateCode(random: (max: number) => number = randomInt): string {
  return String(random(10 ** CODE_LENGTH)).padStart(CODE_LENGTH, "0");
}

/** "123456" -> "123 456": easier to read off a lock screen and to type. */
export function formatCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

/** What a person typed ("123 456", "123-456") as the bare code, or null if it cannot be one. */
export function normalizeCodeInput(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${CODE_LENGTH}}$`).test(digits) ? digits : null;
}

// A key of its own, derived from AUTH_SECRET, so that a code hash is useless without it and
// no other HMAC in the app (device tokens, dev webhook signing) can be confused with it.
function codeKey(secret: string): Buffer {
  return createHmac("sha256", secret).update("optline verification code v1").digest();
}

/**
 * HMAC-SHA256 of the code, bound to the verification and the number: with only a million
 * possible codes a plain hash would be reversed at once, and binding stops a hash from
 * being replayed onto another row.
 */
export function hashCode(
  code: string,
  binding: { verificationId: string; phone: string },
  secret: string,
): string {
  return createHmac("sha256", codeKey(secret))
    .update(`${binding.verificationId}\n${binding.phone}\n${code}`)
    .digest("hex");
}

/** Constant-time comparison of two hex digests (a wrong guess learns nothing from timing). */
export function digestsMatch(expectedHex: string, actualHex: string): boolean {
  const expected = Buffer.from(expectedHex, "hex");
  const actual = Buffer.from(actualHex, "hex");
  if (expected.length === 0 || expected.length !== actual.length) return false;
  return timingSafeEqual(expected, actual);
}

export function codeMatches(
  code: string,
  storedHash: string,
  binding: { verificationId: string; phone: string },
  secret: string,
): boolean {
  return digestsMatch(storedHash, hashCode(code, binding, secret));
}

export function clampExpiryMinutes(minutes: number | null | undefined): number {
  if (!minutes || !Number.isFinite(minutes)) return DEFAULT_EXPIRY_MINUTES;
  return Math.min(MAX_EXPIRY_MINUTES, Math.max(MIN_EXPIRY_MINUTES, Math.round(minutes)));
}

export function expiresAtFor(sentAt: Date, expiryMinutes: number): Date {
  return new Date(sentAt.getTime() + clampExpiryMinutes(expiryMinutes) * 60_000);
}

export function isExpired(expiresAt: Date, now: Date): boolean {
  return now.getTime() >= expiresAt.getTime();
}

/** What a wrong entry does: the attempts it leaves, and whether the code is now dead. */
export function afterWrongAttempt(attemptsBefore: number): {
  attempts: number;
  attemptsLeft: number;
  dead: boolean;
} {
  const attempts = attemptsBefore + 1;
  const attemptsLeft = Math.max(0, MAX_WRONG_ATTEMPTS - attempts);
  return { attempts, attemptsLeft, dead: attemptsLeft === 0 };
}

export function resendAvailableAt(lastSentAt: Date): Date {
  return new Date(lastSentAt.getTime() + RESEND_COOLDOWN_SECONDS * 1000);
}

/** Seconds until another send is allowed (0: now). */
export function cooldownRemainingSeconds(lastSentAt: Date, now: Date): number {
  const left = resendAvailableAt(lastSentAt).getTime() - now.getTime();
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

/** Start of the (UTC) day that "code N of today" counts in. */
export function startOfDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

interface SendHistoryRow {
  createdAt: Date;
  lastSentAt: Date;
  sends: number;
}

/**
 * The number of the next code for this number today: 1 + every send today. A verification
 * started before midnight and resent after it counts from the new day on its own.
 */
export function nextSequence(rows: SendHistoryRow[], now: Date): number {
  const dayStart = startOfDay(now).getTime();
  return (
    1 + rows.reduce((sum, row) => sum + (row.createdAt.getTime() >= dayStart ? row.sends : 0), 0)
  );
}

/**
 * Sends to this number in the last hour. A row keeps only its last send time, so a row
 * whose last send is within the hour counts all its sends: the count errs on the strict side.
 */
export function sendsInLastHour(rows: SendHistoryRow[], now: Date): number {
  const hourAgo = now.getTime() - 3600_000;
  return rows.reduce((sum, row) => sum + (row.lastSentAt.getTime() > hourAgo ? row.sends : 0), 0);
}

/** When the hourly cap lets the next send through (the oldest counted send leaves the hour). */
export function hourlyCapRetryAfterSeconds(rows: SendHistoryRow[], now: Date): number {
  const hourAgo = now.getTime() - 3600_000;
  const counted = rows.filter((row) => row.lastSentAt.getTime() > hourAgo);
  if (counted.length === 0) return 0;
  const oldest = Math.min(...counted.map((row) => row.lastSentAt.getTime()));
  return Math.max(1, Math.ceil((oldest + 3600_000 - now.getTime()) / 1000));
}
