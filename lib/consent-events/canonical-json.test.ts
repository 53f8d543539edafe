import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it("gives the same text for objects that differ only in key order", () => {
    expect(canonicalJson({ x: "1", y: null })).toBe(canonicalJson({ y: null, x: "1" }));
  });

  it("writes dates as ISO-8601 UTC", () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 10, 21, 12, 0, 0, 5)) })).toBe(
      '{"at":"2026-11-21T12:00:00.005Z"}',
    );
  });
});
