import { describe, expect, it } from "vitest";
import { guessColumnMapping } from "./column-mapping";

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
