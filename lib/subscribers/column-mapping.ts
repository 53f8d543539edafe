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

/**
 * Custom fields: any other column kept on the subscriber under a name of the user's choosing
 * (shown on the subscriber's page, exported with the sending list). Names are lowercase
 * snake_case, so they are safe as JSON keys, CSV headers and SQL literals alike; values are
 * short text. Capped so that one import cannot turn a subscriber into a document store.
 */
export const CUSTOM_FIELD_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const CUSTOM_FIELD_MAX = 20;
export const CUSTOM_FIELD_VALUE_MAX = 500;
export const CUSTOM_FIELD_NAME_HINT =
  "Lowercase letters, digits and _, starting with a letter, at most 40 characters";

export const ZCustomFieldName = z
  .string()
  .regex(CUSTOM_FIELD_NAME_PATTERN, { error: CUSTOM_FIELD_NAME_HINT });

/** Field -> header name of its column; a missing optional field uses the default. */
export const ZColumnMapping = z.object({
  phone: z.string().min(1),
  consentedAt: z.string().min(1),
  evidence: z.string().min(1),
  country: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  locale: z.string().min(1).optional(),
  /** Custom field name -> header name of its column. */
  customFields: z
    .record(ZCustomFieldName, z.string().min(1))
    .refine((fields) => Object.keys(fields).length <= CUSTOM_FIELD_MAX, {
      error: `At most ${CUSTOM_FIELD_MAX} custom fields`,
    })
    .optional(),
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

/** A custom field name suggested for a column header ("Store #" -> "store"), or "". */
export function suggestCustomFieldName(header: string): string {
  const name = header
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  return CUSTOM_FIELD_NAME_PATTERN.test(name) ? name : "";
}

/**
 * A custom field's cell as stored: trimmed; null when empty (the field is left out), or a
 * problem to report for that line and column.
 */
export function customFieldValue(cell: string): { value: string | null } | { problem: string } {
  const value = cell.trim();
  if (value === "") return { value: null };
  if (value.length > CUSTOM_FIELD_VALUE_MAX)
    return { problem: `At most ${CUSTOM_FIELD_VALUE_MAX} characters (this has ${value.length})` };
  // PostgreSQL's jsonb cannot hold NUL; other control characters are no data anyone typed.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value))
    return { problem: "Contains control characters" };
  return { value };
}

export function guessColumnMapping(headers: string[]): Partial<ColumnMapping> {
  const guess: Partial<ColumnMapping> = {};
  for (const { key } of IMPORT_FIELDS) {
    const header = headers.find((name) => SYNONYMS[key].includes(squash(name)));
    if (header !== undefined && header.trim() !== "") guess[key] = header;
  }
  return guess;
}

/** A subscriber's stored custom fields as name/value pairs, by name (anything else ignored). */
export function storedCustomFields(json: unknown): [name: string, value: string][] {
  if (!json || typeof json !== "object" || Array.isArray(json)) return [];
  return Object.entries(json)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .sort(([a], [b]) => a.localeCompare(b));
}
