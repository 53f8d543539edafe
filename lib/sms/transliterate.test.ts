import { describe, expect, it } from "vitest";
import { analyzeSegments } from "./segments";
import { transliterate } from "./transliterate";

function expectGsm7(text: string) {
  expect(analyzeSegments(text)).toMatchObject({ encoding: "GSM-7", nonGsmCharacters: [] });
}

describe("transliterate to GSM-7", () => {
  it("spells Polish letters without their diacritics", () => {
    const polish = "Zażółć gęślą jaźń. ŻÓŁĆ GĘŚLĄ JAŹŃ! Potwierdź zapis: odpowiedz TAK.";
    expect(analyzeSegments(polish).encoding).toBe("UCS-2");
    const out = transliterate(polish);
    expect(out).toBe("Zazolc gesla jazn. ZOLC GESLA JAZN! Potwierdz zapis: odpowiedz TAK.");
    expectGsm7(out);
    expect(analyzeSegments(out).segments).toBe(1);
  });

  it("keeps German umlauts and ß, which GSM-7 has, and fixes the typography", () => {
    const german = "Grüße aus Köln – „Straßenfest“ am Wochenende… Antworte mit JA.";
    const out = transliterate(german);
    expect(out).toBe('Grüße aus Köln - "Straßenfest" am Wochenende... Antworte mit JA.');
    expectGsm7(out);
  });

  it("keeps French letters GSM-7 has and simplifies the others", () => {
    const french = "Très bientôt : l’été à Noël, œuvre reçue, maïs, flûte, île, âge — OUI ?";
    const out = transliterate(french);
    expect(out).toBe("Très bientot : l'été à Noel, oeuvre recue, mais, flute, ile, age - OUI ?");
    expectGsm7(out);
  });

  it("keeps every GSM-7 letter and symbol the spec lists as such", () => {
    const kept = "é è ù ì ò Ç Ä Ö Ñ Ü ä ö ñ ü à æ Æ ß É Ø ø Å å € [ ] { } ~ | ^ \\ £ ¥ § ¿ ¡ Δ Ω";
    expect(transliterate(kept)).toBe(kept);
  });

  it("maps capitals, spaces and the remaining characters", () => {
    expect(transliterate("ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż")).toBe("ACELNOSZZ acelnoszz");
    expect(transliterate("ÊÂÔÎÛ êâôîû ë ï Œ")).toBe("EAOIU eaoiu e i OE");
    expect(transliterate("a\u00A0b\u202Fc\u2009d")).toBe("a b c d");
    expect(transliterate("‘single’ “double” «guillemets»")).toBe(
      '\'single\' "double" "guillemets"',
    );
    // Decomposed input is recomposed first: e + combining acute is the GSM-7 é.
    expect(transliterate("e\u0301")).toBe("é");
    // Other letters lose their marks; what has no GSM-7 spelling at all becomes "?".
    expect(transliterate("Dvořák ğ ş ő ı ﬁ")).toBe("Dvorak g s o i fi");
    expect(transliterate("Привет 你好")).toBe("?????? ??");
    expect(transliterate("Thanks 👍🏽!")).toBe("Thanks ?!");
    expect(transliterate("zero\u200Bwidth soft\u00ADhyphen")).toBe("zerowidth softhyphen");
  });

  it("gives pure GSM-7 for any input", () => {
    const samples = [
      "Zażółć gęślą jaźń",
      "Ça va? Très bien — merci… «oui»",
      "Straße, Öl, Übermut, ÿ, Ÿ, ſ",
      "emoji 😀🎉 and math ≠ ≤ ∞ ½ ²",
      "tab\there, line\u2028separator",
    ];
    for (const sample of samples) expectGsm7(transliterate(sample));
  });

  it("leaves GSM-7 text untouched", () => {
    const text = "Reply YES to confirm. Msg&data rates may apply. STOP to end, HELP for help.";
    expect(transliterate(text)).toBe(text);
  });
});
