import { describe, expect, it } from "vitest";
import { PageWriter } from "./page-writer";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("PageWriter", () => {
  it("writes pieces as UTF-8, multi-byte characters included", () => {
    const writer = new PageWriter();
    writer.write("Signed up on form “spring”, ");
    writer.write("é ✓ 😀\r\n");
    expect(text(writer.take())).toBe("Signed up on form “spring”, é ✓ 😀\r\n");
  });

  it("quotes a cell and doubles every quote in it, wherever it is", () => {
    const cases: [string, string][] = [
      ["", '""'],
      ["plain", '"plain"'],
      ['"', '""""'],
      ['""', '""""""'],
      ['"start', '"""start"'],
      ['end"', '"end"""'],
      ['{"a": "b", "c": ["“é”", "😀"]}', '"{""a"": ""b"", ""c"": [""“é”"", ""😀""]}"'],
    ];
    for (const [input, expected] of cases) {
      const writer = new PageWriter();
      writer.write("x,");
      writer.writeQuoted(input);
      writer.write(",y");
      expect(text(writer.take()), input).toBe(`x,${expected},y`);
    }
  });

  it("grows past its first buffer without losing or moving bytes", () => {
    const writer = new PageWriter();
    const json = JSON.stringify({ body: "a “quoted” text, ".repeat(50), n: 1 });
    let expected = "";
    for (let i = 0; i < 500; i++) {
      writer.write(`${i},`);
      writer.writeQuoted(json);
      writer.write("\r\n");
      expected += `${i},"${json.replace(/"/g, '""')}"\r\n`;
    }
    const bytes = writer.take();
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    expect(text(bytes)).toBe(expected);
  });

  it("starts afresh after take, leaving the bytes taken untouched", () => {
    const writer = new PageWriter();
    writer.write("first page");
    const first = writer.take();
    writer.write("second");
    expect(text(first)).toBe("first page");
    expect(text(writer.take())).toBe("second");
    expect(writer.take()).toHaveLength(0);
  });
});
