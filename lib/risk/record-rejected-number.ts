// A number the form refused (invalid, landline, toll free…). The request changes nothing
// else, but a stream of them is how number-guessing scripts look, and the Failures page
// shows them by country.
import "server-only";
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { isCountryCode, type PhoneErrorCode } from "@/lib/phone/normalize-phone";
import { recordRiskEvent } from "./record-risk-event";

export async function recordRejectedNumber(options: {
  organizationId: string;
  formId: string | null;
  ip: string | null;
  /** What the person typed, and the country chosen next to it. */
  input: string;
  country: string;
  code: PhoneErrorCode;
  message: string;
  now?: Date;
}): Promise<void> {
  // An empty field is a person who has not typed yet, not a bad number.
  if (options.code === "REQUIRED") return;
  const region: CountryCode | undefined = isCountryCode(options.country)
    ? options.country
    : undefined;
  const parsed =
    options.input.length <= 40 ? parsePhoneNumberFromString(options.input, region) : undefined;
  await recordRiskEvent({
    organizationId: options.organizationId,
    formId: options.formId,
    ip: options.ip,
    type: options.code === "NOT_MOBILE" ? "not_mobile" : "invalid_number",
    phone: parsed?.number ?? null,
    country: parsed?.country ?? region ?? null,
    detail: { reason: options.code, message: options.message },
    at: options.now,
  });
}
