// Phone input -> E.164, with one clear reason per failure. Shared by the public form (as you
// type) and the server (authoritative). The "max" metadata is needed to tell mobile numbers
// from landlines.
import {
  getCountries,
  isSupportedCountry,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type NumberType,
} from "libphonenumber-js/max";

export type PhoneErrorCode =
  | "REQUIRED"
  | "NOT_A_NUMBER"
  | "INVALID_COUNTRY"
  | "TOO_SHORT"
  | "TOO_LONG"
  | "INVALID_FOR_REGION"
  | "NOT_MOBILE";

export type NormalizePhoneResult =
  | { ok: true; e164: string; country: string; type: NumberType | undefined }
  | { ok: false; code: PhoneErrorCode; message: string };

/** Types that cannot receive SMS. Ambiguous types (e.g. US FIXED_LINE_OR_MOBILE) are accepted. */
const NON_MOBILE_TYPES = new Set<NumberType>([
  "FIXED_LINE",
  "TOLL_FREE",
  "PREMIUM_RATE",
  "SHARED_COST",
  "UAN",
  "VOICEMAIL",
  "PAGER",
]);

const MAX_INPUT_LENGTH = 40;

export function isCountryCode(value: string): value is CountryCode {
  return isSupportedCountry(value);
}

export function supportedCountries(): CountryCode[] {
  return getCountries();
}

export function normalizePhone(input: string, country: string): NormalizePhoneResult {
  const trimmed = input.trim();
  if (trimmed === "") return fail("REQUIRED", "Enter your mobile number.");
  if (trimmed.length > MAX_INPUT_LENGTH || !/^[+\d\s().\-/]+$/.test(trimmed)) {
    return fail("NOT_A_NUMBER", "Use digits only, e.g. 201 555 0123 or +44 7911 123456.");
  }
  if (!isCountryCode(country)) return fail("INVALID_COUNTRY", "Choose the country of your number.");

  const lengthProblem = validatePhoneNumberLength(trimmed, country);
  if (lengthProblem === "NOT_A_NUMBER") {
    return fail("NOT_A_NUMBER", "That doesn't look like a phone number.");
  }
  if (lengthProblem === "INVALID_COUNTRY") {
    return fail("INVALID_COUNTRY", "That country calling code doesn't exist. Check the + prefix.");
  }
  if (lengthProblem === "TOO_SHORT") return fail("TOO_SHORT", "That number is too short.");
  if (lengthProblem === "TOO_LONG") return fail("TOO_LONG", "That number is too long.");

  const parsed = parsePhoneNumberFromString(trimmed, country);
  if (!parsed) return fail("NOT_A_NUMBER", "That doesn't look like a phone number.");
  if (!parsed.isValid()) {
    const region =
      parsed.country ?? (trimmed.startsWith("+") ? `+${parsed.countryCallingCode}` : country);
    return fail("INVALID_FOR_REGION", `That isn't a valid number for ${region}.`);
  }
  const type = parsed.getType();
  if (type && NON_MOBILE_TYPES.has(type)) {
    const kind =
      type === "FIXED_LINE" ? "a landline" : `a ${type.toLowerCase().replace(/_/g, " ")} number`;
    return fail(
      "NOT_MOBILE",
      `That looks like ${kind}. Enter a mobile number that can receive texts.`,
    );
  }
  return { ok: true, e164: parsed.number, country: parsed.country ?? country, type };
}

function fail(code: PhoneErrorCode, message: string): NormalizePhoneResult {
  return { ok: false, code, message };
}

/** "+12015550123" -> "+1 201 555 0123", for display. */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** "+12015550123" -> "+1 ••• ••• 0123": enough to recognise a number on a public page. */
export function maskPhone(e164: string): string {
  // Parsed once (every signup answer is masked: parsing is most of the cost).
  const parsed = parsePhoneNumberFromString(e164);
  const formatted = parsed?.formatInternational() ?? e164;
  const totalDigits = formatted.replace(/\D/g, "").length;
  const codeLength = (parsed?.countryCallingCode ?? "").length;
  let seen = 0;
  return formatted.replace(/\d/g, (digit) => {
    seen += 1;
    return seen <= codeLength || seen > totalDigits - 4 ? digit : "•";
  });
}
