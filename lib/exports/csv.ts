// CSV for exports. The database writes the files (COPY … WITH (FORMAT csv)), so quoting is
// PostgreSQL's own RFC 4180 quoting: a cell holding a comma, a double quote or a line break is
// quoted and its quotes doubled; NULL is an empty cell and an empty string is "". Records end
// in LF, as COPY writes them (every spreadsheet and CSV library reads that).
//
// What COPY does not do is keep spreadsheets from running formulas. Excel, LibreOffice and
// Google Sheets evaluate a cell that starts with = + - @ (and, in some of them, a tab or a
// carriage return), which can run commands or leak data (OWASP "CSV injection"). Consent data
// holds text typed by strangers (user agents, names, IP headers), so every text column goes
// through neutralizedSql, which puts a single quote in front: shown as text, never evaluated.

/** = + - @ tab CR, as character codes. */
const FORMULA_STARTS = [61, 43, 45, 64, 9, 13];
/**
 * An E.164 number (+ and 7 to 15 digits) is a plain number to a spreadsheet, never a formula,
 * and sending platforms need the "+" verbatim, so it is exempt from the quote prefix.
 */
const E164_SQL_PATTERN = "^[+][1-9][0-9]{6,14}$";

/** A SQL text expression as a formula-safe cell; NULL stays NULL (an empty cell). */
export function neutralizedSql(expression: string): string {
  return `CASE WHEN ascii(${expression}) IN (${FORMULA_STARTS.join(", ")}) AND ${expression} !~ '${E164_SQL_PATTERN}'
               THEN '''' || ${expression} ELSE ${expression} END`;
}

/** The header line: plain snake_case names, so nothing to quote. */
export function csvHeader(columns: readonly string[]): string {
  return `${columns.join(",")}\n`;
}

/** COPY options for each export format. */
export const COPY_OPTIONS = {
  csv: "FORMAT csv",
  // One JSON text per row, written verbatim: CSV mode quotes a value only when it holds the
  // delimiter, the quote character or a line break, and PostgreSQL's JSON never holds control
  // characters (it escapes them), so with these two as delimiter and quote nothing is quoted.
  ndjson: "FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02'",
} as const;

/**
 * One CSV cell written in JavaScript (small files such as the growth charts' data), with the
 * same quoting as COPY and the same formula guard as neutralizedSql.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (
    typeof value === "string" &&
    FORMULA_STARTS.includes(text.charCodeAt(0)) &&
    !new RegExp(E164_SQL_PATTERN).test(text)
  ) {
    text = `'${text}`;
  }
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
