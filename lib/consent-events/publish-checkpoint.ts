// Organization checkpoints: every so often (and when an export starts) the background worker
// records the chain heads that moved since the last checkpoint and a root hash over them and
// the previous root. Checkpoints are append-only (trigger). A compliance officer who keeps a
// root (from an export manifest, a proof or the Compliance page) can later have today's data
// checked against it (verify-checkpoint.ts): events that vanished since would be missing.
//
// Safe with several servers: one transaction per organization, under an advisory lock that
// another server's worker skips rather than waits for.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import type { EvidenceCheckpoint } from "@/lib/generated/prisma/client";
import {
  checkpointLeavesDigest,
  checkpointRoot,
  type CheckpointLeafFields,
} from "./checkpoint-hash";

export interface CheckpointSummary {
  id: string;
  seq: number;
  root: string;
  createdAt: string;
  chains: number;
  events: number;
}

export function toCheckpointSummary(row: EvidenceCheckpoint): CheckpointSummary {
  return {
    id: row.id,
    seq: row.seq,
    root: row.root,
    createdAt: row.createdAt.toISOString(),
    chains: row.chains,
    events: row.events,
  };
}

export async function getLatestCheckpoint(
  organizationId: string,
): Promise<EvidenceCheckpoint | null> {
  return db.evidenceCheckpoint.findFirst({ where: { organizationId }, orderBy: { seq: "desc" } });
}

/**
 * Publishes a checkpoint for one organization if any chain moved since the last one (and, with
 * `minAgeMinutes`, only if the last one is at least that old). Returns the organization's
 * latest checkpoint afterwards, or null if it has no evidence yet or another server holds the
 * lock right now.
 */
export async function publishCheckpoint(options: {
  organizationId: string;
  minAgeMinutes?: number;
  now?: Date;
}): Promise<EvidenceCheckpoint | null> {
  const { organizationId } = options;
  const now = options.now ?? new Date();
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtext(${`optline:checkpoint:${organizationId}`})) AS "locked"`;
      const latest = await tx.evidenceCheckpoint.findFirst({
        where: { organizationId },
        orderBy: { seq: "desc" },
      });
      if (!lock?.locked) return latest;
      if (
        latest &&
        options.minAgeMinutes !== undefined &&
        now.getTime() - latest.createdAt.getTime() < options.minAgeMinutes * 60_000
      ) {
        return latest;
      }
      // The organization before its chain heads, in the order recordEvent takes them for an
      // organization-level event (organization, then head): the other order deadlocked in CI
      // (this transaction's checkpoint row takes a key-share lock on the organization).
      await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${organizationId} FOR KEY SHARE`;
      const leaves = await tx.$queryRaw<CheckpointLeafFields[]>`
        UPDATE "ChainHead" SET "checkpointedSeq" = "seq"
        WHERE "organizationId" = ${organizationId} AND "seq" <> "checkpointedSeq"
        RETURNING "chainId", "seq", "hash"`;
      if (leaves.length === 0) return latest;
      return insertCheckpoint(tx, { organizationId, latest, leaves, now });
    },
    { timeout: 120_000 },
  );
}

async function insertCheckpoint(
  tx: Tx,
  options: {
    organizationId: string;
    latest: EvidenceCheckpoint | null;
    leaves: CheckpointLeafFields[];
    now: Date;
  },
): Promise<EvidenceCheckpoint> {
  const { organizationId, latest, leaves, now } = options;
  const [totals] = await tx.$queryRaw<{ chains: number; events: number }[]>`
    SELECT count(*)::int AS "chains", coalesce(sum("seq"), 0)::int AS "events"
    FROM "ChainHead" WHERE "organizationId" = ${organizationId}`;
  const fields = {
    organizationId,
    seq: (latest?.seq ?? 0) + 1,
    prevRoot: latest?.root ?? null,
    leavesSha256: checkpointLeavesDigest(leaves),
    chains: totals?.chains ?? 0,
    events: totals?.events ?? 0,
    createdAt: now,
  };
  const checkpoint = await tx.evidenceCheckpoint.create({
    data: {
      ...fields,
      id: `ckp_${randomBytes(12).toString("base64url")}`,
      root: checkpointRoot(fields),
    },
  });
  await tx.checkpointLeaf.createMany({
    data: leaves.map((leaf) => ({ ...leaf, checkpointId: checkpoint.id, organizationId })),
  });
  return checkpoint;
}

/** The worker's periodic pass: every organization whose chains moved and whose last checkpoint is old enough. */
export async function publishDueCheckpoints(options: {
  intervalMinutes: number;
  now?: Date;
}): Promise<number> {
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - options.intervalMinutes * 60_000);
  const due = await db.$queryRaw<{ organizationId: string }[]>`
    SELECT DISTINCT h."organizationId" FROM "ChainHead" h
    WHERE h."seq" <> h."checkpointedSeq"
      AND NOT EXISTS (SELECT 1 FROM "EvidenceCheckpoint" c
                      WHERE c."organizationId" = h."organizationId" AND c."createdAt" > ${since})`;
  let published = 0;
  for (const { organizationId } of due) {
    const before = await getLatestCheckpoint(organizationId);
    const after = await publishCheckpoint({
      organizationId,
      minAgeMinutes: options.intervalMinutes,
      now,
    });
    if (after && after.id !== before?.id) published += 1;
  }
  return published;
}
