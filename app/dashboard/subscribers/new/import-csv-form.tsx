"use client";
// CSV import: a file or pasted text, its first rows previewed, each field mapped to a column
// (guessed from the header), then uploaded to the import route, whose NDJSON answer drives the
// progress bar and ends with the result or every problem found. What was chosen, pasted and
// mapped stays after an error. Any other column can be kept as a named custom field.
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { describedBy, Field, Input, Select, Textarea } from "@/components/ui/field";
import {
  CUSTOM_FIELD_MAX,
  CUSTOM_FIELD_NAME_HINT,
  CUSTOM_FIELD_NAME_PATTERN,
  guessColumnMapping,
  IMPORT_FIELDS,
  suggestCustomFieldName,
  type ColumnMapping,
} from "@/lib/subscribers/column-mapping";
import { CsvStreamParser } from "@/lib/subscribers/parse-csv";

interface Option {
  value: string;
  label: string;
}
interface Problem {
  line: number;
  column: string;
  message: string;
}
type Outcome =
  | { kind: "done"; imported: number; skipped: number; importId: string }
  | {
      kind: "error";
      message: string;
      problems: Problem[];
      total: number;
      messages: string[];
    };

const PREVIEW_ROWS = 5;
const PREVIEW_BYTES = 64 * 1024;

type StandardMapping = Omit<ColumnMapping, "customFields">;

/** What is wrong with each custom field name typed (by column), if anything. */
function customFieldErrors(custom: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  const used = new Map<string, string>();
  let count = 0;
  for (const [header, raw] of Object.entries(custom)) {
    const name = raw.trim();
    if (!name) continue;
    count++;
    if (!CUSTOM_FIELD_NAME_PATTERN.test(name)) errors[header] = CUSTOM_FIELD_NAME_HINT;
    else if (used.has(name)) errors[header] = `“${name}” is already used for “${used.get(name)}”`;
    else if (count > CUSTOM_FIELD_MAX) errors[header] = `At most ${CUSTOM_FIELD_MAX} custom fields`;
    used.set(name, header);
  }
  return errors;
}

/** The header and the first rows of a CSV's beginning. */
function preview(text: string): { headers: string[]; rows: string[][] } {
  const parser = new CsvStreamParser();
  const rows = [...parser.push(text), ...parser.end()].map((row) => row.cells);
  const [headers = [], ...rest] = rows;
  return {
    headers: headers.map((cell) => cell.trim()),
    rows: rest.filter((cells) => cells.some((cell) => cell.trim() !== "")).slice(0, PREVIEW_ROWS),
  };
}

export function ImportCsvForm({
  audiences,
  countries,
  maxRows,
  maxMegabytes,
}: {
  audiences: Option[];
  countries: Option[];
  maxRows: number;
  maxMegabytes: number;
}) {
  const [audienceId, setAudienceId] = useState(audiences[0]?.value ?? "");
  const [country, setCountry] = useState("US");
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState("");
  const [table, setTable] = useState<{ headers: string[]; rows: string[][] }>({
    headers: [],
    rows: [],
  });
  const [mapping, setMapping] = useState<Partial<StandardMapping>>({});
  /** Column header -> custom field name typed for it ("" or absent: not imported). */
  const [custom, setCustom] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<{ rows: number; bytes: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);

  const load = (text: string) => {
    const next = preview(text);
    setTable(next);
    setMapping(guessColumnMapping(next.headers));
    // Names typed for columns the new text still has are kept (fixing a file and pasting it again).
    setCustom((current) =>
      Object.fromEntries(
        Object.entries(current).filter(([header]) => next.headers.includes(header)),
      ),
    );
  };
  const chooseFile = async (chosen: File | null) => {
    setFile(chosen);
    setOutcome(null);
    load(chosen ? await chosen.slice(0, PREVIEW_BYTES).text() : pasted);
  };
  const paste = (text: string) => {
    setPasted(text);
    setOutcome(null);
    if (!file) load(text.slice(0, PREVIEW_BYTES));
  };

  const body = file ?? new Blob([pasted], { type: "text/csv" });
  const missing = IMPORT_FIELDS.filter((field) => field.required && !mapping[field.key]);
  const mappedHeaders = new Set(IMPORT_FIELDS.map((field) => mapping[field.key]));
  // Columns not used for a field above can be kept as custom fields.
  const otherHeaders = table.headers.filter(
    (header, index) =>
      header !== "" && !mappedHeaders.has(header) && table.headers.indexOf(header) === index,
  );
  const customFields = Object.fromEntries(
    otherHeaders
      .map((header) => [(custom[header] ?? "").trim(), header] as const)
      .filter(([name]) => name !== ""),
  );
  const customErrors = customFieldErrors(
    Object.fromEntries(otherHeaders.map((header) => [header, custom[header] ?? ""])),
  );
  const ready =
    table.headers.length > 0 &&
    missing.length === 0 &&
    audienceId !== "" &&
    Object.keys(customErrors).length === 0;

  const finish = (result: Outcome) => {
    setOutcome(result);
    setProgress(null);
  };
  // The result is announced (alert or status) and takes focus once it is on the page.
  useEffect(() => {
    if (outcome) outcomeRef.current?.focus();
  }, [outcome]);

  const runImport = async () => {
    setOutcome(null);
    setProgress({ rows: 0, bytes: 0 });
    const query = new URLSearchParams({
      audienceId,
      country,
      mapping: JSON.stringify({ ...mapping, customFields }),
    });
    let response: Response;
    try {
      response = await fetch(`/api/dashboard/subscribers/import?${query}`, {
        method: "POST",
        headers: { "Content-Type": "text/csv" },
        body,
      });
    } catch {
      return finish(failure("The upload did not reach the server. Check your connection."));
    }
    if (!response.ok || !response.body) {
      const answer = (await response.json().catch(() => null)) as {
        error?: { message?: string; fields?: Record<string, string[]> };
      } | null;
      return finish(
        failure(
          answer?.error?.message ?? "The import failed.",
          Object.values(answer?.error?.fields ?? {}).flat(),
        ),
      );
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffered += value;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines.filter(Boolean)) {
        const message = JSON.parse(line) as
          | { type: "progress"; rows: number; bytes: number }
          | { type: "done"; result: { imported: number; skipped: number; importId: string } }
          | {
              type: "error";
              error: {
                message: string;
                problems?: Problem[];
                total?: number;
                fields?: Record<string, string[]>;
              };
            };
        if (message.type === "progress") setProgress({ rows: message.rows, bytes: message.bytes });
        else if (message.type === "done") return finish({ kind: "done", ...message.result });
        else
          return finish(
            failure(
              message.error.message,
              Object.values(message.error.fields ?? {}).flat(),
              message.error.problems,
              message.error.total,
            ),
          );
      }
    }
    finish(failure("The import stopped before it finished. Nothing was imported."));
  };

  const previewColumns = [
    ...IMPORT_FIELDS.filter((field) => mapping[field.key]).map((field) => ({
      key: field.key,
      label: field.label,
      header: mapping[field.key] ?? "",
    })),
    ...Object.entries(customFields).map(([name, header]) => ({
      key: `custom-${name}`,
      label: name,
      header,
    })),
  ];
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        void runImport();
      }}
    >
      <p className="text-sm text-slate-600">
        Up to {maxRows.toLocaleString("en")} rows and {maxMegabytes} MB per file. One bad row
        imports nothing; every problem is listed with its line and column.
      </p>
      <Field id="import-audienceId" label="Audience">
        <Select
          id="import-audienceId"
          value={audienceId}
          onChange={(event) => setAudienceId(event.target.value)}
        >
          {audiences.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="import-country" label="Country of numbers without +code">
        <Select
          id="import-country"
          value={country}
          onChange={(event) => setCountry(event.target.value)}
        >
          {countries.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="import-file" label="CSV file">
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          className="block text-sm"
          onChange={(event) => void chooseFile(event.target.files?.[0] ?? null)}
        />
      </Field>
      <Field
        id="import-csv"
        label="…or paste CSV"
        hint="The first line names the columns: a phone number, when the person consented, and the evidence, optionally country, source, language and any custom fields."
      >
        <Textarea
          id="import-csv"
          value={pasted}
          disabled={file !== null}
          aria-describedby="import-csv-hint"
          placeholder={
            "phone,consented_at,evidence,source\n+12015550100,2025-03-01T10:00:00Z,Paper form #118,Store 4"
          }
          onChange={(event) => paste(event.target.value)}
        />
      </Field>

      {table.headers.length > 0 ? (
        <fieldset className="space-y-3">
          <legend className="text-sm font-medium text-slate-800">Columns</legend>
          <div className="grid grid-cols-2 gap-3">
            {IMPORT_FIELDS.map((field) => (
              <Field
                key={field.key}
                id={`import-map-${field.key}`}
                label={`${field.label}${field.required ? "" : " (optional)"}`}
              >
                <Select
                  id={`import-map-${field.key}`}
                  value={mapping[field.key] ?? ""}
                  aria-invalid={field.required && !mapping[field.key] ? true : undefined}
                  onChange={(event) =>
                    setMapping((current) => ({
                      ...current,
                      [field.key]: event.target.value || undefined,
                    }))
                  }
                >
                  <option value="">{field.required ? "Choose a column" : "Not in the file"}</option>
                  {table.headers.map((header, index) => (
                    <option key={`${index}-${header}`} value={header}>
                      {header || `(column ${index + 1})`}
                    </option>
                  ))}
                </Select>
              </Field>
            ))}
          </div>
          {otherHeaders.length > 0 ? (
            <fieldset className="space-y-3" aria-describedby="import-custom-hint">
              <legend className="text-sm font-medium text-slate-800">Custom fields</legend>
              <p id="import-custom-hint" className="text-xs text-slate-600">
                Keep another column on each subscriber under a name of your choice (shown on the
                subscriber&apos;s page and in the sending list export). Leave a name empty to skip
                the column. {CUSTOM_FIELD_NAME_HINT}; up to {CUSTOM_FIELD_MAX} fields, values up to
                500 characters.
              </p>
              <div className="grid grid-cols-2 gap-3">
                {otherHeaders.map((header, index) => {
                  const id = `import-custom-${index}`;
                  const error = customErrors[header];
                  return (
                    <Field
                      key={header}
                      id={id}
                      label={`Custom field name for column “${header}”`}
                      error={error}
                    >
                      <Input
                        id={id}
                        value={custom[header] ?? ""}
                        placeholder={suggestCustomFieldName(header) || "not imported"}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={describedBy(id, undefined, error)}
                        autoComplete="off"
                        spellCheck={false}
                        onChange={(event) =>
                          setCustom((current) => ({ ...current, [header]: event.target.value }))
                        }
                      />
                    </Field>
                  );
                })}
              </div>
            </fieldset>
          ) : null}
          <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Preview">
            <table className="min-w-full text-left text-xs">
              <caption className="py-1 text-left text-sm font-medium text-slate-800">
                Preview of the first {table.rows.length} rows
              </caption>
              <thead>
                <tr>
                  {previewColumns.map((column) => (
                    <th key={column.key} scope="col" className="border-b px-2 py-1 font-medium">
                      {column.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((cells, row) => (
                  <tr key={row}>
                    {previewColumns.map((column) => (
                      <td key={column.key} className="border-b px-2 py-1 whitespace-nowrap">
                        {cells[table.headers.indexOf(column.header)] ?? ""}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </fieldset>
      ) : null}

      {progress ? (
        <div>
          <label htmlFor="import-progress" className="block text-sm text-slate-700">
            Checked and written {progress.rows.toLocaleString("en")} rows
          </label>
          <progress
            id="import-progress"
            className="mt-1 w-full"
            max={body.size || 1}
            value={Math.min(progress.bytes, body.size)}
          />
        </div>
      ) : null}

      {outcome?.kind === "done" ? (
        <Alert tone="success" ref={outcomeRef}>
          Imported {outcome.imported.toLocaleString("en")}; skipped{" "}
          {outcome.skipped.toLocaleString("en")} already in the audience or suppressed. Import{" "}
          {outcome.importId}.
        </Alert>
      ) : null}
      {outcome?.kind === "error" ? (
        <Alert tone="error" ref={outcomeRef}>
          <p className="font-medium">{outcome.message}</p>
          {outcome.problems.length > 0 || outcome.messages.length > 0 ? (
            <ul className="mt-1 max-h-64 list-disc overflow-y-auto pl-5" aria-label="Problems">
              {outcome.problems.map((problem, index) => (
                <li key={index}>
                  Line {problem.line}, {problem.column}: {problem.message}
                </li>
              ))}
              {outcome.messages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
          {outcome.total > outcome.problems.length ? (
            <p className="mt-1">
              The first {outcome.problems.length.toLocaleString("en")} of{" "}
              {outcome.total.toLocaleString("en")} are listed.
            </p>
          ) : null}
        </Alert>
      ) : null}

      {missing.length > 0 && table.headers.length > 0 ? (
        <p className="text-sm text-slate-700">
          Choose the column for: {missing.map((field) => field.label.toLowerCase()).join(", ")}.
        </p>
      ) : null}
      <Button type="submit" disabled={!ready || progress !== null}>
        {progress ? "Importing…" : "Import"}
      </Button>
    </form>
  );
}

function failure(
  message: string,
  messages: string[] = [],
  problems: Problem[] = [],
  total = 0,
): Outcome & { kind: "error" } {
  return { kind: "error", message, problems, total, messages };
}
