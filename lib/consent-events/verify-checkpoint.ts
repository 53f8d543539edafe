// Holds today's evidence against a checkpoint someone kept (its root, or its id): the
// checkpoints up to it must still hash to the roots they had (so the stored heads were not
// rewritten), the kept root must be the one recomputed, and every chain head the checkpoints
// recorded must still be in the data, with the same hash. A chain truncated or removed since,
// even together with its head, fails here.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { checkpointLeavesDigest, checkpointRoot } from "./checkpoint-hash";
import { toCheckpointSummary, type CheckpointSummary } from "./publish-checkpoint";

export type CheckpointProblemReason =
  "unknown_checkpoint" | "checkpoint_altered" | "event_missing" | "event_changed";

export interface CheckpointVerification {
  ok: boolean;
  /** What was asked for: a root (64 hex) or a checkpoint id. */
  reference: string;
  checkpoint: CheckpointSummary | null;
  /** Chain heads recorded up to the checkpoint that were found in today's data. */
  checkedHeads: number;
  problem: {
    reason: CheckpointProblemReason;
    /** The checkpoint whose stored leaves or root no longer hash as they did. */
    checkpointSeq: number | null;
    chainId: string | null;
    seq: number | null;
  } | null;
  verifiedAt: string;
}

const ROOT = /^[0-9a-f]{64}$/;
const CHECKPOINT_ID = /^ckp_[\w-]{1,64}$/;

export async function verifyCheckpoint(options: {
  organizationId: string;
  reference: string;
}): Promise<CheckpointVerification> {
  const reference = options.reference.trim().toLowerCase().startsWith("ckp_")
    ? options.reference.trim()
    : options.reference.trim().toLowerCase();
  if (!ROOT.test(reference) && !CHECKPOINT_ID.test(reference)) {
    throw AppError.validation(
      { checkpoint: ["Give a checkpoint root (64 hex characters) or id (ckp_…)."] },
      "Give a checkpoint root (64 hex characters) or id (ckp_…).",
    );
  }
  const { organizationId } = options;
  const outcome = (
    checkpoint: CheckpointSummary | null,
    checkedHeads: number,
    problem: CheckpointVerification["problem"],
  ): CheckpointVerification => ({
    ok: problem === null,
    reference,
    checkpoint,
    checkedHeads,
    problem,
    verifiedAt: new Date().toISOString(),
  });

  const target = await db.evidenceCheckpoint.findFirst({
    where: { organizationId, ...(ROOT.test(reference) ? { root: reference } : { id: reference }) },
  });
  if (!target) {
    return outcome(null, 0, {
      reason: "unknown_checkpoint",
      checkpointSeq: null,
      chainId: null,
      seq: null,
    });
  }
  const summary = toCheckpointSummary(target);

  // Recompute every root up to the target, one checkpoint's leaves in memory at a time.
  const checkpoints = await db.evidenceCheckpoint.findMany({
    where: { organizationId, seq: { lte: target.seq } },
    orderBy: { seq: "asc" },
  });
  let prevRoot: string | null = null;
  for (const [index, checkpoint] of checkpoints.entries()) {
    const leaves = await db.checkpointLeaf.findMany({
      where: { checkpointId: checkpoint.id },
      select: { chainId: true, seq: true, hash: true },
    });
    const leavesSha256 = checkpointLeavesDigest(leaves);
    const root = checkpointRoot({ ...checkpoint, prevRoot, leavesSha256 });
    const altered =
      checkpoint.seq !== index + 1 ||
      checkpoint.prevRoot !== prevRoot ||
      leavesSha256 !== checkpoint.leavesSha256 ||
      root !== checkpoint.root;
    if (altered) {
      return outcome(summary, 0, {
        reason: "checkpoint_altered",
        checkpointSeq: checkpoint.seq,
        chainId: null,
        seq: null,
      });
    }
    prevRoot = root;
  }

  // The newest head each chain had at the target, against today's event at that seq.
  const [missing] = await db.$queryRaw<
    { chainId: string; seq: number; eventHash: string | null }[]
  >`
    SELECT l."chainId", l."seq", e."hash" AS "eventHash"
    FROM (
      SELECT DISTINCT ON (l."chainId") l."chainId", l."seq", l."hash"
      FROM "CheckpointLeaf" l JOIN "EvidenceCheckpoint" c ON c."id" = l."checkpointId"
      WHERE l."organizationId" = ${organizationId} AND c."organizationId" = ${organizationId}
        AND c."seq" <= ${target.seq}
      ORDER BY l."chainId", c."seq" DESC
    ) l
    LEFT JOIN "ConsentEvent" e
      ON e."organizationId" = ${organizationId} AND e."chainId" = l."chainId" AND e."seq" = l."seq"
    WHERE e."id" IS NULL OR e."hash" <> l."hash"
    ORDER BY l."chainId" LIMIT 1`;
  if (missing) {
    return outcome(summary, 0, {
      reason: missing.eventHash === null ? "event_missing" : "event_changed",
      checkpointSeq: null,
      chainId: missing.chainId,
      seq: missing.seq,
    });
  }
  return outcome(summary, target.chains, null);
}

/** One sentence for the Compliance page. */
export function describeCheckpointCheck(check: CheckpointVerification): string {
  const which = check.checkpoint ? `checkpoint #${check.checkpoint.seq}` : "that checkpoint";
  if (check.ok) {
    return `Holds: every chain head ${which} recorded (${check.checkedHeads} chains) is still in the evidence, unchanged.`;
  }
  const problem = check.problem!;
  switch (problem.reason) {
    case "unknown_checkpoint":
      return "No checkpoint of this organization has that root or id: it was never published here, or it was removed.";
    case "checkpoint_altered":
      return `Broken: checkpoint #${problem.checkpointSeq} no longer hashes to the root it was published with.`;
    case "event_missing":
      return `Broken: event #${problem.seq} of chain ${problem.chainId}, recorded by ${which}, is missing.`;
    case "event_changed":
      return `Broken: event #${problem.seq} of chain ${problem.chainId} no longer has the hash ${which} recorded.`;
  }
}
