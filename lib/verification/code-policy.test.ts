import { describe, expect, it } from "vitest";
import {
  afterWrongAttempt,
  clampExpiryMinutes,
  codeMatches,
  cooldownRemainingSeconds,
  digestsMatch,
  expiresAtFor,
  formatCode,
  generateCode,
  hashCode,
  hourlyCapRetryAfterSeconds,
  isExpired,
  nextSequence,
  normalizeCodeInput,
  resendAvailableAt,
  sendsInLastHour,
} from "./code-policy";

const SECRET = "unit-test-secret";
const binding = { verificationId: "ver_1", phone: "+12015550123" };
const at = (iso: string) => new Date(iso);

describe("code generation", () => {
  it("makes 6 digits, keeping leading zeros", () => {
    expect(generateCode(() => 42)).toBe("000042");
    expect(generateCode(() => 999_999)).toBe("999999");
    for (let i = 0; i < 50; i++) expect(generateCode()).toMatch(/^\d{6}$/);
  });

  it("asks the random source for exactly a million possibilities", () => {
    let asked = 0;
    generateCode((max) => ((asked = max), 0));
    expect(asked).toBe(1_000_000);
  });

  it("shows codes as “123 456” and reads them back however typed", () => {
    expect(formatCode("123456")).toBe("123 456");
    expect(normalizeCodeInput(" 123 456 ")).toBe("123456");
    expect(normalizeCodeInput("123-456")).toBe("123456");
    expect(normalizeCodeInput("12345")).toBeNull();
    expect(normalizeCodeInput("12345a")).toBeNull();
    expect(normalizeCodeInput("1234567")).toBeNull();
  });
});

describe("code hashing", () => {
  it("stores an HMAC, never the code, bound to the verification and the number", () => {
    const hash = hashCode("123456", binding, SECRET);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain("123456");
    expect(hashCode("123456", binding, SECRET)).toBe(hash);
    expect(hashCode("123456", binding, "another-secret")).not.toBe(hash);
    expect(hashCode("123456", { ...binding, verificationId: "ver_2" }, SECRET)).not.toBe(hash);
    expect(hashCode("123456", { ...binding, phone: "+12015550124" }, SECRET)).not.toBe(hash);
  });

  it("matches the right code only", () => {
    const hash = hashCode("004711", binding, SECRET);
    expect(codeMatches("004711", hash, binding, SECRET)).toBe(true);
    expect(codeMatches("004712", hash, binding, SECRET)).toBe(false);
    expect(codeMatches("004711", hash, { ...binding, verificationId: "ver_9" }, SECRET)).toBe(
      false,
    );
  });

  it("compares digests in constant time and refuses malformed ones", () => {
    const a = hashCode("111111", binding, SECRET);
    expect(digestsMatch(a, a)).toBe(true);
    expect(digestsMatch(a, hashCode("111112", binding, SECRET))).toBe(false);
    expect(digestsMatch(a, a.slice(0, 62))).toBe(false);
    expect(digestsMatch("", "")).toBe(false);
  });
});

describe("expiry and attempts", () => {
  it("lives 5 to 10 minutes, 10 by default", () => {
    expect(clampExpiryMinutes(undefined)).toBe(10);
    expect(clampExpiryMinutes(3)).toBe(5);
    expect(clampExpiryMinutes(12)).toBe(10);
    expect(clampExpiryMinutes(7)).toBe(7);
    const sent = at("2026-03-01T14:03:00Z");
    const expires = expiresAtFor(sent, 5);
    expect(expires.toISOString()).toBe("2026-03-01T14:08:00.000Z");
    expect(isExpired(expires, at("2026-03-01T14:07:59.999Z"))).toBe(false);
    expect(isExpired(expires, expires)).toBe(true);
  });

  it("dies at the fifth wrong entry", () => {
    expect(afterWrongAttempt(0)).toEqual({ attempts: 1, attemptsLeft: 4, dead: false });
    expect(afterWrongAttempt(3)).toEqual({ attempts: 4, attemptsLeft: 1, dead: false });
    expect(afterWrongAttempt(4)).toEqual({ attempts: 5, attemptsLeft: 0, dead: true });
  });
});

describe("sends: cooldown, hourly cap, code of the day", () => {
  const now = at("2026-03-01T14:03:30Z");

  it("waits 30 s between sends", () => {
    expect(resendAvailableAt(at("2026-03-01T14:03:00Z")).toISOString()).toBe(
      "2026-03-01T14:03:30.000Z",
    );
    expect(cooldownRemainingSeconds(at("2026-03-01T14:03:00Z"), at("2026-03-01T14:03:10Z"))).toBe(
      20,
    );
    expect(cooldownRemainingSeconds(at("2026-03-01T14:03:00Z"), at("2026-03-01T14:03:29.5Z"))).toBe(
      1,
    );
    expect(cooldownRemainingSeconds(at("2026-03-01T14:03:00Z"), now)).toBe(0);
  });

  it("counts sends in the last hour, strictly", () => {
    const rows = [
      { createdAt: at("2026-03-01T12:00:00Z"), lastSentAt: at("2026-03-01T12:50:00Z"), sends: 2 },
      { createdAt: at("2026-03-01T13:10:00Z"), lastSentAt: at("2026-03-01T13:20:00Z"), sends: 3 },
      { createdAt: at("2026-03-01T14:00:00Z"), lastSentAt: at("2026-03-01T14:00:00Z"), sends: 1 },
    ];
    expect(sendsInLastHour(rows, now)).toBe(4);
    // The oldest counted send (13:20) leaves the hour at 14:20.
    expect(hourlyCapRetryAfterSeconds(rows, now)).toBe(16 * 60 + 30);
    expect(sendsInLastHour([], now)).toBe(0);
  });

  it("numbers codes per (UTC) day: 1 + every send today", () => {
    expect(nextSequence([], now)).toBe(1);
    const rows = [
      { createdAt: at("2026-02-28T23:59:00Z"), lastSentAt: at("2026-02-28T23:59:00Z"), sends: 4 },
      { createdAt: at("2026-03-01T08:00:00Z"), lastSentAt: at("2026-03-01T08:01:00Z"), sends: 2 },
      { createdAt: at("2026-03-01T14:00:00Z"), lastSentAt: at("2026-03-01T14:00:00Z"), sends: 1 },
    ];
    expect(nextSequence(rows, now)).toBe(4);
    expect(nextSequence(rows, at("2026-03-02T00:00:00Z"))).toBe(1);
  });
});
