// CSV cells for exports: RFC 4180 quoting, and neutralized spreadsheet formulas. A file opened
// in Excel, LibreOffice or Google Sheets evaluates a cell that starts with = + - @ (and, in
// some of them, a tab or carriage return) as a formula, which can run commands or leak data
// (OWASP "CSV injection"). Such cells get a leading single quote, which those programs show as
// text and never evaluate. Consent data holds text typed by strangers (user agents, page
// URLs, SMS bodies), so every free-text cell goes through this.

export type CsvValue = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
/**
 * An E.164 number (+ and 7 to 15 digits) is a plain number to a spreadsheet, never a formula,
 * and sending platforms need the "+" verbatim, so it is exempt from the quote prefix.
 */
const E164 = /^\+[1-9]\d{6,14}$/;

/** = + - @ tab CR, by char code: this runs for every cell of a million-row export. */
function startsLikeFormula(text: string): boolean {
  const first = text.charCodeAt(0);
  return (
    first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13
  );
}

/** One cell: neutralized when it could be a formula, quoted when RFC 4180 requires it. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (startsLikeFormula(text) && !E164.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 says. Cells must already be encoded. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.join(",")}\r\n`;
}

/** The header line: plain names, encoded like any other cell. */
export function csvHeader(columns: readonly string[]): string {
  return csvLine(columns.map(csvCell));
}
