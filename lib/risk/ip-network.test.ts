import { describe, expect, it } from "vitest";
import { ipNetwork } from "./ip-network";

describe("ipNetwork", () => {
  it("groups IPv4 addresses by /24", () => {
    expect(ipNetwork("203.0.113.7")).toBe("203.0.113.0/24");
    expect(ipNetwork("203.0.113.250")).toBe(ipNetwork("203.0.113.7"));
    expect(ipNetwork("203.0.114.7")).not.toBe(ipNetwork("203.0.113.7"));
    expect(ipNetwork("::ffff:203.0.113.9")).toBe("203.0.113.0/24");
  });

  it("groups IPv6 addresses by /48, however they are written", () => {
    expect(ipNetwork("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(ipNetwork("2001:0db8:abcd:ffff:0:0:0:2")).toBe("2001:db8:abcd::/48");
    expect(ipNetwork("2001:db8::1")).toBe("2001:db8:0::/48");
    expect(ipNetwork("2001:db8:abce::1")).not.toBe(ipNetwork("2001:db8:abcd::1"));
  });

  it("leaves anything else as it is", () => {
    expect(ipNetwork("unknown")).toBe("unknown");
  });
});
