import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import { analyzeSegments } from "@/lib/sms/segments";
import { renderCodeSms, sampleCodeSms } from "./code-sms";

describe("code SMS", () => {
  it("says who, what for, the code, which code of the day, expiry, and not to share it", () => {
    expect(
      renderCodeSms({
        locale: "en",
        purpose: "enrollment",
        programName: "Acme Deals",
        code: "123456",
        sequence: 2,
        expiryMinutes: 10,
      }),
    ).toBe(
      "Acme Deals: your verification code is 123 456 (code 2 of today). It expires in 10 min. Don't share it.",
    );
    expect(
      renderCodeSms({
        locale: "en",
        purpose: "signup",
        programName: "Acme Deals",
        code: "000042",
        sequence: 1,
        expiryMinutes: 5,
      }),
    ).toBe(
      "Acme Deals: your code to confirm texts is 000 042 (code 1 of today). It expires in 5 min. Don't share it.",
    );
  });

  it.each(LOCALES)("fits one GSM-7 segment in %s with a 40-character program name", (locale) => {
    for (const purpose of ["signup", "enrollment", "portal"] as const) {
      const body = sampleCodeSms({
        locale,
        purpose,
        programName: "A".repeat(40),
        expiryMinutes: 10,
        sequence: 12,
      });
      expect(body).toContain("123 456");
      expect(body).toContain("12");
      expect(analyzeSegments(body)).toMatchObject({ encoding: "GSM-7", segments: 1 });
    }
  });
});
