// Which CSV column holds which subscriber field. The import page guesses it from the header
// (the user can change it); an import without a mapping uses the guess.
import { z } from "zod";

export const IMPORT_FIELDS = [
  { key: "phone", label: "Phone", required: true },
  { key: "consentedAt", label: "Consent time", required: true },
  { key: "evidence", label: "Evidence", required: true },
  { key: "country", label: "Country", required: false },
  { key: "source", label: "Source", required: false },
  { key: "locale", label: "Language", required: false },
] as const;

export type ImportField = (typeof IMPORT_FIELDS)[number]["key"];

/** Field -> header name of its column; a missing optional field uses the default. */
export const ZColumnMapping = z.object({
  phone: z.string().min(1),
  consentedAt: z.string().min(1),
  evidence: z.string().min(1),
  country: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  locale: z.string().min(1).optional(),
});
export type ColumnMapping = z.infer<typeof ZColumnMapping>;

/** Header names each field is guessed from, after lowercasing and dropping non-letters. */
const SYNONYMS: Record<ImportField, string[]> = {
  phone: ["phone", "phonenumber", "mobile", "mobilenumber", "cell", "msisdn", "number", "sms"],
  consentedAt: ["consentedat", "consenttime", "consentdate", "optinat", "optindate", "optedinat"],
  evidence: ["evidence", "proof", "consentevidence", "consentproof"],
  country: ["country", "countrycode", "region"],
  source: ["source", "signupsource", "channel"],
  locale: ["locale", "language", "lang"],
};

const squash = (header: string) => header.toLowerCase().replace(/[^a-z]/g, "");

export function guessColumnMapping(headers: string[]): Partial<ColumnMapping> {
  const guess: Partial<ColumnMapping> = {};
  for (const { key } of IMPORT_FIELDS) {
    const header = headers.find((name) => SYNONYMS[key].includes(squash(name)));
    if (header !== undefined && header.trim() !== "") guess[key] = header;
  }
  return guess;
}
