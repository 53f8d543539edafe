import { describe, expect, it } from "vitest";
import { CsvStreamParser, parseCsv } from "./parse-csv";

describe("parseCsv", () => {
  it("splits rows and cells, with CRLF or LF and a byte order mark", () => {
    expect(parseCsv("\uFEFFa,b\r\nc,d\ne,f")).toEqual([
      ["a", "b"],
      ["c", "d"],
      ["e", "f"],
    ]);
  });

  it("keeps commas, quotes and line breaks inside quoted cells", () => {
    expect(parseCsv('phone,evidence\n+1,"Paper form, box 3 ""A""\nsigned"\n')).toEqual([
      ["phone", "evidence"],
      ["+1", 'Paper form, box 3 "A"\nsigned'],
    ]);
  });

  it("keeps empty cells", () => {
    expect(parseCsv("a,,c\n,,")).toEqual([
      ["a", "", "c"],
      ["", "", ""],
    ]);
  });
});

describe("CsvStreamParser", () => {
  const text = '\uFEFFphone,evidence\r\n+1,"Form ""A""\r\nsigned"\r\n+2,B\r\n+3,"C"';

  it("gives the same rows whatever the chunk boundaries, with the line each row starts on", () => {
    const whole = new CsvStreamParser();
    const expected = [...whole.push(text), ...whole.end()];
    expect(expected.map((row) => row.line)).toEqual([1, 2, 4, 5]);
    expect(expected[1]?.cells).toEqual(["+1", 'Form "A"\r\nsigned']);
    for (let size = 1; size <= 7; size++) {
      const parser = new CsvStreamParser();
      const rows = [];
      for (let start = 0; start < text.length; start += size)
        rows.push(...parser.push(text.slice(start, start + size)));
      rows.push(...parser.end());
      expect(rows).toEqual(expected);
    }
  });
});
