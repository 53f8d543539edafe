import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  it("ignores X-Forwarded-For without a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", "6.6.6.6", false)).toBe("203.0.113.9");
  });

  it("unwraps IPv4-mapped IPv6 socket addresses", () => {
    expect(clientAddress("::ffff:127.0.0.1", undefined, false)).toBe("127.0.0.1");
  });

  it("takes the address the trusted proxy appended, not what the client wrote before it", () => {
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.4", true)).toBe("198.51.100.4");
    expect(clientAddress("10.0.0.2", ["6.6.6.6", "198.51.100.4"], true)).toBe("198.51.100.4");
  });

  it("falls back to the socket when the proxy sent nothing", () => {
    expect(clientAddress("10.0.0.2", undefined, true)).toBe("10.0.0.2");
  });
});
