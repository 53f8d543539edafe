import { describe, expect, it } from "vitest";
import { censor, maskPhoneNumber, maskPhonesInText, REDACTED } from "./redact";

describe("maskPhoneNumber", () => {
  it("keeps only the last 4 digits", () => {
    expect(maskPhoneNumber("+12015550123")).toBe("+*******0123");
    expect(maskPhoneNumber("+48 600 123 456")).toBe("+** *** **3 456");
    expect(maskPhoneNumber("2015550123")).toBe("******0123");
  });

  it("leaves nothing more than 4 digits of a short value", () => {
    expect(maskPhoneNumber("12345")).toBe("*2345");
    expect(maskPhoneNumber("123")).toBe("123");
  });
});

describe("maskPhonesInText", () => {
  it("masks E.164 numbers the way Twilio and PostgreSQL quote them", () => {
    expect(maskPhonesInText("The 'To' number +15005550001 is not a valid phone number.")).toBe(
      "The 'To' number +*******0001 is not a valid phone number.",
    );
    expect(maskPhonesInText('Key ("audienceId", phone)=(ck1, +447700900123) already exists.')).toBe(
      'Key ("audienceId", phone)=(ck1, +********0123) already exists.',
    );
    expect(maskPhonesInText("from +1 201-555-0123 at 10:00")).toBe("from +* ***-***-0123 at 10:00");
  });

  it("masks bare national numbers of 10 digits or more", () => {
    expect(maskPhonesInText("number 2015550123 refused")).toBe("number ******0123 refused");
  });

  it("leaves ids, SIDs, error codes, dates and times alone", () => {
    const text =
      "message ck9x1234567890abc, SM0123456789abcdef0123456789abcdef, error 21610, " +
      "at 2026-12-05T10:00:00.000Z, attempt 3 of 8";
    expect(maskPhonesInText(text)).toBe(text);
  });
});

describe("censor", () => {
  it("masks phone fields and removes secrets", () => {
    expect(censor("+12015550123", ["phone"])).toBe("+*******0123");
    expect(censor("+12015550123", ["message", "to"])).toBe("+*******0123");
    expect(censor(12015550123, ["From"])).toBe(REDACTED);
    expect(censor("123456", ["code"])).toBe(REDACTED);
    expect(censor("Your code is 123 456", ["sms", "body"])).toBe(REDACTED);
    expect(censor("optl_secret", ["apiKey"])).toBe(REDACTED);
  });
});
