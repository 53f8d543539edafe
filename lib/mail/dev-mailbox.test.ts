import { describe, expect, it } from "vitest";
import { isLoopbackAddress } from "./dev-mailbox";

describe("dev mailbox audience", () => {
  it("opens for the machine itself only", () => {
    for (const ip of ["127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1"])
      expect(isLoopbackAddress(ip), ip).toBe(true);
    for (const ip of [
      null,
      "",
      "10.0.0.1",
      "192.168.1.5",
      "203.0.113.7",
      "::ffff:10.0.0.1",
      "1270.0.0.1",
      "127.0.0.1.evil",
    ])
      expect(isLoopbackAddress(ip), String(ip)).toBe(false);
  });
});
