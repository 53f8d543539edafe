import { describe, expect, it } from "vitest";
import {
  customFieldValue,
  guessColumnMapping,
  storedCustomFields,
  suggestCustomFieldName,
  ZColumnMapping,
} from "./column-mapping";

describe("guessColumnMapping", () => {
  it("maps common header names and leaves unknown fields out", () => {
    expect(
      guessColumnMapping(["Mobile Number", "Opt-in date", "Proof", "Store", "Language"]),
    ).toEqual({
      phone: "Mobile Number",
      consentedAt: "Opt-in date",
      evidence: "Proof",
      locale: "Language",
    });
  });

  it("reads the old fixed header", () => {
    expect(guessColumnMapping(["phone", "consented_at", "evidence", "country", "source"])).toEqual({
      phone: "phone",
      consentedAt: "consented_at",
      evidence: "evidence",
      country: "country",
      source: "source",
    });
  });
});

describe("custom fields", () => {
  const base = { phone: "phone", consentedAt: "consented_at", evidence: "evidence" };
  const parses = (customFields: Record<string, string>) =>
    ZColumnMapping.safeParse({ ...base, customFields }).success;

  it("accepts snake_case names up to 40 characters, at most 20 of them", () => {
    expect(parses({ store: "Store #", loyalty_tier2: "Tier" })).toBe(true);
    expect(parses({ ["a".repeat(40)]: "x" })).toBe(true);
    expect(parses(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, "x"])))).toBe(
      true,
    );
  });

  it("refuses other names, empty columns and more than 20 fields", () => {
    for (const name of ["Store", "2nd", "_x", "a-b", "a b", "", "a".repeat(41)])
      expect(parses({ [name]: "x" }), name).toBe(false);
    expect(parses({ store: "" })).toBe(false);
    expect(parses(Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`f${i}`, "x"])))).toBe(
      false,
    );
  });

  it("suggests a name from the header", () => {
    expect(suggestCustomFieldName("Store #")).toBe("store");
    expect(suggestCustomFieldName("Loyalty Tier")).toBe("loyalty_tier");
    expect(suggestCustomFieldName("2024 spend (€)")).toBe("spend");
    expect(suggestCustomFieldName("###")).toBe("");
  });

  it("checks each value: trimmed, empty left out, capped, no control characters", () => {
    expect(customFieldValue("  gold ")).toEqual({ value: "gold" });
    expect(customFieldValue("   ")).toEqual({ value: null });
    expect(customFieldValue("a\nb\tc")).toEqual({ value: "a\nb\tc" });
    expect(customFieldValue("x".repeat(500))).toEqual({ value: "x".repeat(500) });
    expect(customFieldValue("x".repeat(501))).toEqual({
      problem: "At most 500 characters (this has 501)",
    });
    expect(customFieldValue("a\u0000b")).toEqual({ problem: "Contains control characters" });
  });

  it("reads stored fields as sorted text pairs, ignoring anything else", () => {
    expect(storedCustomFields({ b: "2", a: "1", n: 3 })).toEqual([
      ["a", "1"],
      ["b", "2"],
    ]);
    expect(storedCustomFields(null)).toEqual([]);
    expect(storedCustomFields(["x"])).toEqual([]);
  });
});
