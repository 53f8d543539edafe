import { createHash } from "node:crypto";
import type { TFormContentSchema } from "./form-content";

/** Form content as SignupFormVersion columns: empty optional links become null, consent text is hashed. */
export function formVersionColumns(content: TFormContentSchema) {
  return {
    ...content,
    termsUrl: content.termsUrl || null,
    termsVersion: content.termsVersion || null,
    privacyUrl: content.privacyUrl || null,
    privacyVersion: content.privacyVersion || null,
    consentTextSha256: sha256Hex(content.consentText),
  };
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** A version row back into editable content. */
export function formContentFromVersion(version: TFormContentSchemaSource): TFormContentSchema {
  return {
    locale: version.locale as TFormContentSchema["locale"],
    defaultCountry: version.defaultCountry,
    programName: version.programName,
    headline: version.headline,
    description: version.description,
    consentText: version.consentText,
    buttonLabel: version.buttonLabel,
    frequencyText: version.frequencyText,
    ratesText: version.ratesText,
    confirmationMessage: version.confirmationMessage,
    helpText: version.helpText,
    termsUrl: version.termsUrl ?? "",
    termsVersion: version.termsVersion ?? "",
    privacyUrl: version.privacyUrl ?? "",
    privacyVersion: version.privacyVersion ?? "",
    verificationMethod: version.verificationMethod,
    codeExpiryMinutes: version.codeExpiryMinutes,
    transliterate: version.transliterate,
    allowedCountries: version.allowedCountries,
    verificationConsentText: version.verificationConsentText,
  };
}

type TFormContentSchemaSource = Omit<
  TFormContentSchema,
  "termsUrl" | "termsVersion" | "privacyUrl" | "privacyVersion" | "locale"
> & {
  locale: string;
  termsUrl: string | null;
  termsVersion: string | null;
  privacyUrl: string | null;
  privacyVersion: string | null;
};
