import { describe, expect, it } from "vitest";
import { DEVICE_TOKEN_DAYS, issueDeviceToken, verifyDeviceToken } from "./device-token";

const SECRET = "unit-test-secret";
const now = new Date("2026-03-01T12:00:00Z");

describe("device tokens", () => {
  const { token, claims } = issueDeviceToken(
    { subscriberId: "sub_1", deviceId: "dev_1", now },
    SECRET,
  );

  it("round-trips for 90 days", () => {
    expect(claims.expiresAt.getTime() - now.getTime()).toBe(DEVICE_TOKEN_DAYS * 86_400_000);
    expect(verifyDeviceToken(token, now, SECRET)).toEqual(claims);
    const dayBefore = new Date(claims.expiresAt.getTime() - 1000);
    expect(verifyDeviceToken(token, dayBefore, SECRET)?.subscriberId).toBe("sub_1");
    expect(verifyDeviceToken(token, claims.expiresAt, SECRET)).toBeNull();
  });

  it("refuses tampering, another secret and garbage", () => {
    const parts = token.split(".");
    const forged = [parts[0], "sub_2", ...parts.slice(2)].join(".");
    expect(verifyDeviceToken(forged, now, SECRET)).toBeNull();
    const later = [...parts.slice(0, 3), String(Number(parts[3]) + 86_400), parts[4]].join(".");
    expect(verifyDeviceToken(later, now, SECRET)).toBeNull();
    expect(verifyDeviceToken(token, now, "other-secret")).toBeNull();
    expect(verifyDeviceToken("odt1.a.b.c", now, SECRET)).toBeNull();
    expect(verifyDeviceToken("", now, SECRET)).toBeNull();
  });

  it("gives each device its own id", () => {
    const a = issueDeviceToken({ subscriberId: "sub_1", now }, SECRET);
    const b = issueDeviceToken({ subscriberId: "sub_1", now }, SECRET);
    expect(a.claims.deviceId).not.toBe(b.claims.deviceId);
  });
});
