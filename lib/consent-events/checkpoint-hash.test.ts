import { describe, expect, it } from "vitest";
import { checkpointLeavesDigest, checkpointRoot } from "./checkpoint-hash";

const leaves = [
  { chainId: "org", seq: 3, hash: "a".repeat(64) },
  { chainId: "cm1", seq: 7, hash: "b".repeat(64) },
];
const root = {
  organizationId: "o1",
  seq: 2,
  prevRoot: "c".repeat(64),
  leavesSha256: checkpointLeavesDigest(leaves),
  chains: 2,
  events: 10,
  createdAt: new Date("2026-12-02T10:00:00.000Z"),
};

describe("checkpoint hashes", () => {
  it("digests the leaves in chain id order, whatever order they come in", () => {
    expect(checkpointLeavesDigest(leaves)).toBe(checkpointLeavesDigest([...leaves].reverse()));
    expect(checkpointLeavesDigest(leaves)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with any leaf's seq or hash, and with a leaf removed", () => {
    const digest = checkpointLeavesDigest(leaves);
    expect(checkpointLeavesDigest([{ ...leaves[0]!, seq: 2 }, leaves[1]!])).not.toBe(digest);
    expect(checkpointLeavesDigest([{ ...leaves[0]!, hash: "d".repeat(64) }, leaves[1]!])).not.toBe(
      digest,
    );
    expect(checkpointLeavesDigest([leaves[1]!])).not.toBe(digest);
  });

  it("makes the root depend on the previous root, the leaves, the totals and the time", () => {
    const value = checkpointRoot(root);
    expect(checkpointRoot({ ...root })).toBe(value);
    for (const change of [
      { prevRoot: null },
      { leavesSha256: "e".repeat(64) },
      { events: 9 },
      { chains: 1 },
      { seq: 3 },
      { createdAt: new Date("2026-12-02T10:00:00.001Z") },
      { organizationId: "o2" },
    ]) {
      expect(checkpointRoot({ ...root, ...change })).not.toBe(value);
    }
  });
});
