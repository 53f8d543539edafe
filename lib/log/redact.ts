// What never reaches a log line: a phone number in full (all but its last 4 digits are
// masked), a verification code, an SMS body (it may hold a code), a password, token, key or
// secret. Log calls name their fields with ids; this is the safety net for what slips through:
// pino applies REDACT_PATHS with `censor` to every line, and the logger masks numbers that
// appear inside messages and error texts (Twilio's errors quote the number).

const MASK = "*";
export const REDACTED = "[redacted]";

/** "+12015550123" -> "+*******0123": every digit but the last 4 becomes "*". */
export function maskPhoneNumber(value: string): string {
  const digits = value.replace(/\D/g, "").length;
  let seen = 0;
  return value.replace(/\d/g, (digit) => (++seen > digits - 4 ? digit : MASK));
}

// "+" and 7–15 digits (spaces, dots, dashes between them), or 10–15 bare digits standing alone:
// E.164 as Twilio and PostgreSQL quote it, and national numbers. Shorter runs (years, ids in
// SIDs, error codes) are left alone.
const PHONE_IN_TEXT = /\+\d(?:[ .-]?\d){6,14}(?!\d)|(?<![\w+])\d{10,15}(?!\w)/g;

/** Masks every phone-like number inside free text (messages, error texts, stacks). */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, maskPhoneNumber);
}

/** Keys whose values are phone numbers: masked, not removed, so lines stay useful. */
const PHONE_KEYS = ["phone", "to", "from", "To", "From"];
/** Keys whose values never appear at all. */
const SECRET_KEYS = [
  "password",
  "token",
  "deviceToken",
  "secret",
  "apiKey",
  "authorization",
  "cookie",
  "body",
  "Body",
];
/**
 * Objects that log calls nest input or records under. Explicit names, not `*.key`: pino's
 * wildcard paths cost ~15 µs on every line (measured with bench:request-log), explicit ones
 * next to nothing, and every line, the per-request one included, goes through them.
 */
const CONTAINERS = [
  "params",
  "input",
  "data",
  "request",
  "message",
  "sms",
  "subscriber",
  "headers",
  "query",
];
// A verification code is `code` in request input. An error's `code` (a SQLSTATE, a Twilio
// error number) is not a secret, and `err` is not a container, so it stays.
const KEYS = [...PHONE_KEYS, ...SECRET_KEYS, "code"];

/** Each key at the top level and inside each container (`{ message: { to } }`). */
export const REDACT_PATHS = [
  ...KEYS,
  ...CONTAINERS.flatMap((container) => KEYS.map((key) => `${container}.${key}`)),
];

const phoneKeys = new Set(PHONE_KEYS);

/** pino's censor: masks phone numbers, removes everything else it is called for. */
export function censor(value: unknown, path: (string | null)[]): unknown {
  const key = path.at(-1) ?? "";
  if (phoneKeys.has(key)) return typeof value === "string" ? maskPhoneNumber(value) : REDACTED;
  return REDACTED;
}
