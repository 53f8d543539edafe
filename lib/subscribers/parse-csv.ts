// RFC 4180 CSV: quoted fields, doubled quotes, commas and line breaks inside quotes, CRLF or LF.
// Streamed: text is pushed in chunks of any size (a chunk may end inside a quoted cell or
// between CR and LF), so that an import never holds the whole file, and each row carries the
// line it starts on (a quoted cell may span lines) for error messages.

export interface CsvRow {
  /** 1-based line of the file on which the row starts. */
  line: number;
  cells: string[];
}

export class CsvStreamParser {
  private row: string[] = [];
  private cell = "";
  private quoted = false;
  /** The previous chunk ended with a quote inside a quoted cell: an end or a doubled quote. */
  private pendingQuote = false;
  /** The previous chunk ended with CR: a following LF belongs to it. */
  private pendingCr = false;
  private started = false;
  private line = 1;
  private rowLine = 1;

  /** The rows completed by this chunk. */
  push(chunk: string): CsvRow[] {
    const rows: CsvRow[] = [];
    let input = chunk;
    if (!this.started && input.length > 0) {
      input = input.replace(/^\uFEFF/, "");
      this.started = true;
    }
    for (let i = 0; i < input.length; i++) {
      const char = input[i]!;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (char === "\n") continue;
      }
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (char === '"') {
          this.cell += '"';
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (char === '"') {
          if (i + 1 < input.length) {
            if (input[i + 1] === '"') {
              this.cell += '"';
              i++;
            } else this.quoted = false;
          } else this.pendingQuote = true;
        } else {
          // CR, LF and CRLF each end one line, even with CR and LF in different chunks.
          if (char === "\r" || (char === "\n" && !this.cell.endsWith("\r"))) this.line++;
          this.cell += char;
        }
      } else if (char === '"' && this.cell === "") this.quoted = true;
      else if (char === ",") {
        this.row.push(this.cell);
        this.cell = "";
      } else if (char === "\n" || char === "\r") {
        if (char === "\r") {
          if (i + 1 < input.length) {
            if (input[i + 1] === "\n") i++;
          } else this.pendingCr = true;
        }
        this.row.push(this.cell);
        rows.push({ line: this.rowLine, cells: this.row });
        this.row = [];
        this.cell = "";
        this.line++;
        this.rowLine = this.line;
      } else this.cell += char;
    }
    return rows;
  }

  /** The last row, when the file does not end with a line break. */
  end(): CsvRow[] {
    if (this.pendingQuote) this.quoted = false;
    if (this.cell === "" && this.row.length === 0) return [];
    this.row.push(this.cell);
    const row = { line: this.rowLine, cells: this.row };
    this.row = [];
    this.cell = "";
    return [row];
  }
}

/** A whole CSV text as rows of cells. */
export function parseCsv(text: string): string[][] {
  const parser = new CsvStreamParser();
  return [...parser.push(text), ...parser.end()].map((row) => row.cells);
}
