import { describe, expect, it } from "vitest";
import { parseCsv } from "./parse-csv";

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
