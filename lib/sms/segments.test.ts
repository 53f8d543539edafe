import { describe, expect, it } from "vitest";
import { analyzeSegments } from "./segments";

describe("analyzeSegments", () => {
  it("counts a short GSM-7 message as one segment", () => {
    expect(analyzeSegments("Reply YES to confirm")).toMatchObject({
      encoding: "GSM-7",
      characters: 20,
      units: 20,
      segments: 1,
      remainingInSegment: 140,
      nonGsmCharacters: [],
    });
  });

  it("fits exactly 160 GSM-7 characters in one segment and splits at 161 into 153-unit parts", () => {
    expect(analyzeSegments("a".repeat(160)).segments).toBe(1);
    expect(analyzeSegments("a".repeat(161))).toMatchObject({
      segments: 2,
      remainingInSegment: 306 - 161,
    });
    expect(analyzeSegments("a".repeat(306)).segments).toBe(2);
    expect(analyzeSegments("a".repeat(307)).segments).toBe(3);
  });

  it("counts extension characters as two septets", () => {
    expect(analyzeSegments("€10 [promo]")).toMatchObject({
      encoding: "GSM-7",
      characters: 11,
      units: 14,
    });
    expect(analyzeSegments("€".repeat(80)).segments).toBe(1);
    expect(analyzeSegments("€".repeat(81)).segments).toBe(2);
  });

  it("switches the whole message to UCS-2 for one Polish ł", () => {
    const info = analyzeSegments("Dziękujemy, zapisałeś się");
    expect(info.encoding).toBe("UCS-2");
    expect(info.nonGsmCharacters).toEqual(["ę", "ł", "ś"]);
    expect(analyzeSegments("ł" + "a".repeat(69)).segments).toBe(1);
    expect(analyzeSegments("ł" + "a".repeat(70)).segments).toBe(2);
    expect(analyzeSegments("ł" + "a".repeat(133)).segments).toBe(2);
    expect(analyzeSegments("ł" + "a".repeat(134)).segments).toBe(3);
  });

  it("keeps GSM-7 accented letters (é, ü, Ñ) in GSM-7", () => {
    expect(analyzeSegments("Café über Ñandú").encoding).toBe("UCS-2"); // ú is not GSM-7
    expect(analyzeSegments("Café über Ñ").encoding).toBe("GSM-7");
  });

  it("counts an emoji as two UCS-2 units", () => {
    expect(analyzeSegments("Hi 👋")).toMatchObject({ encoding: "UCS-2", characters: 4, units: 5 });
  });

  it("has zero segments for an empty message", () => {
    expect(analyzeSegments("").segments).toBe(0);
  });
});
