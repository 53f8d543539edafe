import { describe, expect, it } from "vitest";
import { csvCell, csvHeader, csvLine } from "./csv";

describe("csvCell", () => {
  it("writes plain text, numbers and empty values as they are", () => {
    expect(csvCell("signup.submitted")).toBe("signup.submitted");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
    expect(csvCell("2026-01-31T12:00:00.000Z")).toBe("2026-01-31T12:00:00.000Z");
  });

  it("neutralizes every cell a spreadsheet would read as a formula", () => {
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell(-5)).toBe("'-5");
  });

  it("quotes after neutralizing, so the quote prefix is inside the quoted cell", () => {
    expect(csvCell('=HYPERLINK("https://evil.example","x")')).toBe(
      `"'=HYPERLINK(""https://evil.example"",""x"")"`,
    );
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
  });

  it("quotes cells with commas, double quotes or line breaks (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"');
    expect(csvCell("line 1\r\nline 2")).toBe('"line 1\r\nline 2"');
    expect(csvCell("it's")).toBe("it's");
    expect(csvCell('{"a":1,"b":"=x"}')).toBe('"{""a"":1,""b"":""=x""}"');
  });

  it("keeps E.164 numbers verbatim, and only those", () => {
    expect(csvCell("+12015550101")).toBe("+12015550101");
    expect(csvCell("+447911123456")).toBe("+447911123456");
    expect(csvCell("+1234567")).toBe("+1234567");
    expect(csvCell("+123456")).toBe("'+123456");
    expect(csvCell("+1234567890123456")).toBe("'+1234567890123456");
    expect(csvCell("+02015550101")).toBe("'+02015550101");
    expect(csvCell("+12015550101+1")).toBe("'+12015550101+1");
    expect(csvCell("+12015550101\n")).toBe(`"'+12015550101\n"`);
  });
});

describe("csvLine and csvHeader", () => {
  it("joins encoded cells with commas and ends the record with CRLF", () => {
    expect(csvLine(["a", '"b,c"', ""])).toBe('a,"b,c",\r\n');
    expect(csvHeader(["event_id", "chain_seq"])).toBe("event_id,chain_seq\r\n");
  });
});
