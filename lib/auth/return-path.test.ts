import { describe, expect, it } from "vitest";
import { loginPath, safeReturnPath } from "./return-path";

const ORIGIN = "https://optline.example";

describe("safeReturnPath", () => {
  it.each([
    "/\\evil.test/x",
    "/%5Cevil.test/x".replace("%5C", "\\"),
    "//evil.test/x",
    "\\\\evil.test",
    "/\t/evil.test",
    "https://evil.test/dashboard",
    "http://optline.example/dashboard",
    "javascript:alert(1)",
    "data:text/html,hi",
    " //evil.test",
  ])("refuses %j (another origin once resolved)", (value) => {
    expect(safeReturnPath(value, ORIGIN)).toBe("/dashboard");
  });

  it.each([
    ["/compliance/subscribers/abc/proof", "/compliance/subscribers/abc/proof"],
    ["/dashboard/subscribers?status=CONFIRMED#top", "/dashboard/subscribers?status=CONFIRMED#top"],
    ["https://optline.example/dashboard/forms", "/dashboard/forms"],
    ["dashboard/risk", "/dashboard/risk"],
    ["/dashboard/../compliance", "/compliance"],
    // Same scheme and no slashes: a browser reads it as a relative path on our own origin.
    ["https:evil.test", "/evil.test"],
  ])("keeps the same-origin path %j", (value, expected) => {
    expect(safeReturnPath(value, ORIGIN)).toBe(expected);
  });

  it("falls back on nothing or garbage", () => {
    expect(safeReturnPath(null, ORIGIN)).toBe("/dashboard");
    expect(safeReturnPath("", ORIGIN, "/x")).toBe("/x");
    expect(safeReturnPath("http://[::1", ORIGIN)).toBe("/dashboard");
  });

  it("builds the sign-in address with the deep link", () => {
    expect(loginPath("/compliance/subscribers/s1/proof")).toBe(
      "/login?callbackUrl=%2Fcompliance%2Fsubscribers%2Fs1%2Fproof",
    );
    expect(loginPath("/dashboard")).toBe("/login");
    expect(loginPath(null)).toBe("/login");
  });
});
