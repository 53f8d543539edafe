import { describe, expect, it } from "vitest";
import {
  checkWithdrawToken,
  issuePortalSession,
  issueWithdrawToken,
  PORTAL_SESSION_MINUTES,
  readPortalSession,
  WITHDRAW_LINK_DAYS,
} from "./portal-tokens";

const secret = "a-test-secret-that-is-long-enough-for-hmac";
const now = new Date("2026-12-01T12:00:00Z");
const facts = { organizationId: "org1", subscriberId: "sub1", phone: "+12015550100" };

describe("portal session", () => {
  const { value } = issuePortalSession({ ...facts, subscriberId: null, now }, secret);

  it("reads back for its organization until it expires", () => {
    expect(readPortalSession(value, { organizationId: "org1", now }, secret)).toMatchObject({
      phone: "+12015550100",
      subscriberId: null,
    });
    const later = new Date(now.getTime() + PORTAL_SESSION_MINUTES * 60_000);
    expect(readPortalSession(value, { organizationId: "org1", now: later }, secret)).toBeNull();
  });

  it("opens nothing for another organization, another key or a changed payload", () => {
    expect(readPortalSession(value, { organizationId: "org2", now }, secret)).toBeNull();
    expect(readPortalSession(value, { organizationId: "org1", now }, `${secret}x`)).toBeNull();
    const [payload, signature] = value.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, p: "+12015550199" })).toString(
      "base64url",
    );
    expect(
      readPortalSession(`${forged}.${signature}`, { organizationId: "org1", now }, secret),
    ).toBeNull();
    for (const bad of ["", ".", "x.y", `${value}.z`, "\u0000"]) {
      expect(readPortalSession(bad, { organizationId: "org1", now }, secret)).toBeNull();
    }
  });
});

describe("withdraw token", () => {
  const token = issueWithdrawToken({ ...facts, now }, secret);

  it("is short and holds no number", () => {
    expect(token.length).toBeLessThan(60);
    expect(token).not.toContain("2015550100");
  });

  it("is valid for its subscriber until it expires, then expired", () => {
    expect(checkWithdrawToken(token, facts, now, secret)).toBe("valid");
    const later = new Date(now.getTime() + WITHDRAW_LINK_DAYS * 86_400_000);
    expect(checkWithdrawToken(token, facts, later, secret)).toBe("expired");
  });

  it("is invalid for another organization, number or key, or when changed", () => {
    expect(checkWithdrawToken(token, { ...facts, organizationId: "org2" }, now, secret)).toBe(
      "invalid",
    );
    expect(checkWithdrawToken(token, { ...facts, phone: "+12015550101" }, now, secret)).toBe(
      "invalid",
    );
    expect(checkWithdrawToken(token, facts, now, `${secret}x`)).toBe("invalid");
    const [id, expiry, signature] = token.split(".");
    // A later expiry with the old signature: forged, not "expired" or "valid".
    const extended = `${id}.${(parseInt(expiry!, 36) + 86_400).toString(36)}.${signature}`;
    expect(checkWithdrawToken(extended, facts, now, secret)).toBe("invalid");
    for (const position of [0, 10, signature!.length - 1]) {
      const swapped = signature![position] === "A" ? "B" : "A";
      const flipped = `${id}.${expiry}.${signature!.slice(0, position)}${swapped}${signature!.slice(position + 1)}`;
      expect(checkWithdrawToken(flipped, facts, now, secret)).toBe("invalid");
    }
    for (const bad of ["", "a.b", "a.b.c.d", `${token}x`, "../x.y.z"]) {
      expect(checkWithdrawToken(bad, facts, now, secret)).toBe("invalid");
    }
  });
});
