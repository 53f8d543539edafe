// The hashes of an evidence checkpoint, as pure functions so that anyone can recompute them
// from an export: the digest of the chain heads a checkpoint recorded, and its root, which
// also covers the previous checkpoint's root (a running hash: root N commits to every head
// recorded by checkpoints 1..N).
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

export const CHECKPOINT_HASH_VERSION = 1;

export interface CheckpointLeafFields {
  chainId: string;
  seq: number;
  hash: string;
}

export interface CheckpointRootFields {
  organizationId: string;
  seq: number;
  prevRoot: string | null;
  leavesSha256: string;
  chains: number;
  events: number;
  createdAt: Date;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** SHA-256 of "chainId seq hash\n" per leaf, in chain id order (code units). */
export function checkpointLeavesDigest(leaves: readonly CheckpointLeafFields[]): string {
  const sorted = [...leaves].sort((a, b) =>
    a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : 0,
  );
  const hash = createHash("sha256");
  for (const leaf of sorted) hash.update(`${leaf.chainId} ${leaf.seq} ${leaf.hash}\n`);
  return hash.digest("hex");
}

export function checkpointRoot(fields: CheckpointRootFields): string {
  return sha256(
    canonicalJson({
      v: CHECKPOINT_HASH_VERSION,
      organizationId: fields.organizationId,
      seq: fields.seq,
      prevRoot: fields.prevRoot,
      leavesSha256: fields.leavesSha256,
      chains: fields.chains,
      events: fields.events,
      createdAt: fields.createdAt.toISOString(),
    }),
  );
}
