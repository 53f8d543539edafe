import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, type Permission } from "./permissions";

const WRITES: Permission[] = [
  "audiences:write",
  "forms:write",
  "subscribers:write",
  "subscribers:delete",
  "dev_phone:use",
  "api_keys:manage",
  "members:manage",
  "webhooks:manage",
  "senders:manage",
];

describe("roles", () => {
  it("lets compliance staff read evidence and export, and change nothing", () => {
    expect(can("COMPLIANCE", "evidence:read")).toBe(true);
    expect(can("COMPLIANCE", "exports:create")).toBe(true);
    for (const permission of WRITES) expect(can("COMPLIANCE", permission), permission).toBe(false);
  });

  it("does not let marketers delete subscribers or manage members and keys", () => {
    expect(can("MARKETER", "subscribers:delete")).toBe(false);
    expect(can("MARKETER", "members:manage")).toBe(false);
    expect(can("MARKETER", "api_keys:manage")).toBe(false);
    expect(can("MARKETER", "webhooks:manage")).toBe(false);
    expect(can("MARKETER", "senders:manage")).toBe(false);
    expect(can("MARKETER", "forms:write")).toBe(true);
  });

  it("lets owners do everything", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[])
      expect(can("OWNER", permission), permission).toBe(true);
  });
});
