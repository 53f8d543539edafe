import { describe, expect, it } from "vitest";
import { keywordForm } from "@/lib/sms/keywords";
import { keywordProblem, ZFormKeywordSchema } from "./form-keyword-schema";

describe("form keywords", () => {
  it("accepts one word and compares it case- and accent-insensitively", () => {
    expect(ZFormKeywordSchema.parse({ keyword: " Café " })).toEqual({ keyword: "CAFÉ" });
    expect(keywordForm("Café")).toBe(keywordForm("CAFE"));
    expect(keywordForm("ｃｏｆｆｅｅ")).toBe("COFFEE"); // full-width letters (compatibility forms)
    expect(keywordProblem("COFFEE2")).toBeNull();
  });

  it.each([
    "STOP",
    "stop",
    "Arrêt",
    "UNSUBSCRIBE",
    "START",
    "unstop",
    "YES",
    "Y",
    "oui",
    "Sí",
    "HELP",
    "info",
    "POMOC",
    "baja",
    "STOPP",
  ])("refuses the reserved word %s", (word) => {
    expect(keywordProblem(word)).toMatch(/is reserved: people text it to/);
    expect(ZFormKeywordSchema.safeParse({ keyword: word }).success).toBe(false);
  });

  it("refuses more than one word, punctuation and lengths out of 2 to 20", () => {
    expect(keywordProblem("free coffee")).toBe("One word of letters and digits, e.g. COFFEE");
    expect(keywordProblem("COFFEE!")).toBe("One word of letters and digits, e.g. COFFEE");
    expect(keywordProblem("C")).toBe("2 to 20 letters or digits");
    expect(keywordProblem("C".repeat(21))).toBe("2 to 20 letters or digits");
  });
});

describe("keyword calls to action", () => {
  it("opens the SMS app with the keyword filled in, and draws it as a QR code", async () => {
    const { keywordSmsUri, qrCodeSvg } = await import("./keyword-call-to-action");
    expect(keywordSmsUri("+15005550006", "CAFÉ")).toBe("sms:+15005550006?body=CAF%C3%89");
    // A messaging service has no number to text.
    expect(keywordSmsUri("Twilio messaging service MG123", "CAFE")).toBeNull();
    const svg = await qrCodeSvg("sms:+15005550006?body=CAFE");
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg).toContain("<path");
  });
});
