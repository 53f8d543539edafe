import { describe, expect, it } from "vitest";
import { formatPhone, maskPhone, normalizePhone } from "./normalize-phone";

describe("normalizePhone", () => {
  it.each([
    ["(201) 555-0123", "US", "+12015550123", "US"],
    ["201.555.0123", "US", "+12015550123", "US"],
    ["+1 201 555 0123", "DE", "+12015550123", "US"], // an explicit +code wins over the chosen country
    ["06 12 34 56 78", "FR", "+33612345678", "FR"],
    ["600 123 456", "PL", "+48600123456", "PL"],
    ["0151 23456789", "DE", "+4915123456789", "DE"],
    ["07400 123456", "GB", "+447400123456", "GB"],
  ])("turns %j (%s) into %s", (input, country, e164, detected) => {
    expect(normalizePhone(input, country)).toMatchObject({ ok: true, e164, country: detected });
  });

  it.each([
    ["", "US", "REQUIRED"],
    ["   ", "US", "REQUIRED"],
    ["call me maybe", "US", "NOT_A_NUMBER"],
    ["201555", "US", "TOO_SHORT"],
    ["2015550123456789", "US", "TOO_LONG"],
    ["1234567890", "US", "INVALID_FOR_REGION"],
    ["201 555 0123", "XX", "INVALID_COUNTRY"],
    ["030 123456", "DE", "NOT_MOBILE"],
    ["22 123 45 67", "PL", "NOT_MOBILE"],
    ["800 555 0100", "US", "NOT_MOBILE"],
    ["+999 1234567", "US", "INVALID_COUNTRY"],
    ["1".repeat(41), "US", "NOT_A_NUMBER"],
  ])("refuses %j (%s) with %s", (input, country, code) => {
    const result = normalizePhone(input, country);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it("names the landline problem in words", () => {
    expect(normalizePhone("030 123456", "DE")).toMatchObject({
      message: "That looks like a landline. Enter a mobile number that can receive texts.",
    });
  });
});

describe("formatPhone and maskPhone", () => {
  it("formats E.164 for display", () => {
    expect(formatPhone("+12015550123")).toBe("+1 201 555 0123");
    expect(formatPhone("+48600123456")).toBe("+48 600 123 456");
  });

  it("keeps the country code and the last four digits", () => {
    expect(maskPhone("+12015550123")).toBe("+1 ••• ••• 0123");
    expect(maskPhone("+48600123456")).toBe("+48 ••• ••3 456");
  });
});
