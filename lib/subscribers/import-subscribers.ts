// CSV import of subscribers with consent evidence from another system. Streamed: the file is
// parsed as it arrives and checked rows are written in batches of IMPORT_BATCH_ROWS, one
// statement each (write-import-batch.ts), all inside one transaction. All or nothing: after
// the first bad row nothing more is written, the rest of the file is still checked so that
// every problem is listed (line, column, message), and the transaction rolls back. Numbers
// already in the audience (in any state) or suppressed are skipped and counted.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode, fieldErrorsFromZod } from "@/lib/errors";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { humanErrorMap } from "@/lib/validation/human-zod-message";
import { assertAudience, newImportId, type EvidencedRow } from "./add-subscriber";
import {
  customFieldValue,
  guessColumnMapping,
  IMPORT_FIELDS,
  type ColumnMapping,
  type ImportField,
} from "./column-mapping";
import { CsvStreamParser, type CsvRow } from "./parse-csv";
import { ZAddSubscriberSchema } from "./staff-subscriber-schemas";
import { writeImportBatch } from "./write-import-batch";

export const IMPORT_MAX_ROWS = 200_000;
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;
/** Problems listed in full; the count covers them all. */
export const IMPORT_MAX_LISTED_PROBLEMS = 1000;
const IMPORT_BATCH_ROWS = 2000;

export interface ImportProblem {
  line: number;
  column: string;
  message: string;
}

export interface ImportResult {
  importId: string;
  imported: number;
  skipped: number;
}

export interface ImportProgress {
  /** Data rows read so far. */
  rows: number;
  /** Bytes of the file read so far. */
  bytes: number;
}

/** Thrown when rows are bad: nothing was imported. */
export class ImportProblemsError extends AppError {
  constructor(
    readonly problems: ImportProblem[],
    readonly total: number,
  ) {
    super(
      ErrorCode.VALIDATION_FAILED,
      `Nothing was imported: ${total} problem${total === 1 ? "" : "s"} in the file`,
      { fields: { csv: problems.map((p) => `Line ${p.line}, ${p.column}: ${p.message}`) } },
    );
  }
}

/** The schema's field names, as the columns they come from. */
const FIELD_OF_SCHEMA_KEY: Record<string, ImportField> = {
  phone: "phone",
  originalConsentAt: "consentedAt",
  evidence: "evidence",
  country: "country",
  source: "source",
  locale: "locale",
};

export async function importSubscribers(options: {
  organizationId: string;
  audienceId: string;
  /** The file: whole, or as a stream of chunks. */
  csv: string | AsyncIterable<Uint8Array | string>;
  /** Field -> header name; guessed from the header when absent. */
  mapping?: ColumnMapping;
  defaultCountry: string;
  actor: Actor;
  onProgress?: (progress: ImportProgress) => void | Promise<void>;
}): Promise<ImportResult> {
  await assertAudience(options.organizationId, options.audienceId);
  const importId = newImportId();
  return db.$transaction(
    async (tx) => {
      let columns: Record<ImportField, number> | null = null;
      let customColumns: CustomColumn[] = [];
      let headers: string[] = [];
      const problems: ImportProblem[] = [];
      let problemCount = 0;
      const seen = new Set<string>();
      let batch: EvidencedRow[] = [];
      let rows = 0;
      let bytes = 0;
      let imported = 0;
      let written = 0;

      const flush = async () => {
        if (problemCount === 0 && batch.length > 0) {
          imported += await writeImportBatch(tx, {
            organizationId: options.organizationId,
            audienceId: options.audienceId,
            actor: options.actor,
            importId,
            rows: batch,
          });
          written += batch.length;
        }
        batch = [];
        await options.onProgress?.({ rows, bytes });
      };
      const problem = (line: number, field: string, message: string) => {
        problemCount++;
        if (problems.length < IMPORT_MAX_LISTED_PROBLEMS)
          problems.push({ line, column: columnName(field, columns, headers), message });
      };
      const customProblem = (line: number, header: string, message: string) => {
        problemCount++;
        if (problems.length < IMPORT_MAX_LISTED_PROBLEMS)
          problems.push({ line, column: header, message });
      };
      const take = async (row: CsvRow) => {
        if (!columns) {
          headers = row.cells.map((cell) => cell.trim());
          columns = resolveColumns(headers, options.mapping);
          customColumns = resolveCustomColumns(headers, options.mapping);
          return;
        }
        if (row.cells.every((cell) => cell.trim() === "")) return;
        if (++rows > IMPORT_MAX_ROWS)
          throw AppError.validation({ csv: [`At most ${IMPORT_MAX_ROWS} rows per import`] });
        const checked = checkRow(row, columns, options, problem, seen);
        const customFields = readCustomFields(row, customColumns, customProblem);
        if (checked && customFields) {
          checked.customFields = customFields;
          batch.push(checked);
        }
        if (batch.length >= IMPORT_BATCH_ROWS) await flush();
      };

      const parser = new CsvStreamParser();
      const decoder = new TextDecoder();
      for await (const chunk of typeof options.csv === "string" ? [options.csv] : options.csv) {
        bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
        const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
        for (const row of parser.push(text)) await take(row);
      }
      for (const row of [...parser.push(decoder.decode()), ...parser.end()]) await take(row);
      if (!columns) throw AppError.validation({ csv: ["The file is empty"] });
      if (rows === 0) throw AppError.validation({ csv: ["The file has no rows"] });
      await flush();
      if (problemCount > 0) throw new ImportProblemsError(problems, problemCount);
      return { importId, imported, skipped: written - imported };
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
}

/** Column index of each field (-1: not in the file, use the default). */
function resolveColumns(
  headers: string[],
  mapping: ColumnMapping | undefined,
): Record<ImportField, number> {
  const chosen: Partial<ColumnMapping> = mapping ?? guessColumnMapping(headers);
  const missing = IMPORT_FIELDS.filter((field) => field.required && !chosen[field.key]);
  if (missing.length > 0) {
    throw AppError.validation({
      csv: [
        `Choose the column that holds: ${missing.map((field) => field.label.toLowerCase()).join(", ")}`,
      ],
    });
  }
  const columns = {} as Record<ImportField, number>;
  for (const { key } of IMPORT_FIELDS) {
    const header = chosen[key];
    columns[key] = header === undefined ? -1 : headers.indexOf(header);
    if (header !== undefined && columns[key] === -1)
      throw AppError.validation({ csv: [`The file has no column named “${header}”`] });
  }
  return columns;
}

interface CustomColumn {
  name: string;
  header: string;
  index: number;
}

/** The custom fields' columns, by name (the mapping's names were checked by its schema). */
function resolveCustomColumns(
  headers: string[],
  mapping: ColumnMapping | undefined,
): CustomColumn[] {
  return Object.entries(mapping?.customFields ?? {}).map(([name, header]) => {
    const index = headers.indexOf(header);
    if (index === -1)
      throw AppError.validation({ csv: [`The file has no column named “${header}”`] });
    return { name, header, index };
  });
}

/** A row's custom fields (empty cells left out), or null after reporting each bad cell. */
function readCustomFields(
  row: CsvRow,
  columns: CustomColumn[],
  problem: (line: number, header: string, message: string) => void,
): Record<string, string> | null {
  const fields: Record<string, string> = {};
  let ok = true;
  for (const column of columns) {
    const checked = customFieldValue(row.cells[column.index] ?? "");
    if ("problem" in checked) {
      problem(row.line, column.header, checked.problem);
      ok = false;
    } else if (checked.value !== null) fields[column.name] = checked.value;
  }
  return ok ? fields : null;
}

function columnName(
  field: string,
  columns: Record<ImportField, number> | null,
  headers: string[],
): string {
  const index = columns?.[field as ImportField] ?? -1;
  if (index >= 0) return headers[index] ?? field;
  return IMPORT_FIELDS.find((known) => known.key === field)?.label.toLowerCase() ?? field;
}

/** One row as a subscriber to add, or null after reporting each of its problems. */
function checkRow(
  row: CsvRow,
  columns: Record<ImportField, number>,
  options: { audienceId: string; defaultCountry: string },
  problem: (line: number, field: string, message: string) => void,
  seen: Set<string>,
): EvidencedRow | null {
  const value = (field: ImportField) =>
    columns[field] < 0 ? "" : (row.cells[columns[field]]?.trim() ?? "");
  const parsed = ZAddSubscriberSchema.safeParse(
    {
      audienceId: options.audienceId,
      phone: value("phone"),
      country: value("country") || options.defaultCountry,
      locale: value("locale") || "en",
      originalConsentAt: value("consentedAt"),
      evidence: value("evidence"),
      source: value("source") || "CSV import",
    },
    { error: humanErrorMap() },
  );
  const fields = parsed.success ? {} : fieldErrorsFromZod(parsed.error);
  for (const [key, messages] of Object.entries(fields))
    problem(row.line, FIELD_OF_SCHEMA_KEY[key] ?? key, messages[0] ?? "Not valid");
  // The number is checked even when another cell is bad, so that each problem shows at once.
  if (fields.phone || fields.country) return null;
  const phone = normalizePhone(value("phone"), value("country") || options.defaultCountry);
  if (!phone.ok) {
    problem(row.line, "phone", phone.message);
    return null;
  }
  if (seen.has(phone.e164)) {
    problem(row.line, "phone", `${phone.e164} appears twice in the file`);
    return null;
  }
  if (!parsed.success) return null;
  seen.add(phone.e164);
  return { ...parsed.data, phone: phone.e164, country: phone.country };
}
