// Everything "is the evidence intact?" asks, for the API and the Compliance page: the chains
// (one subscriber's or all), and optionally an earlier checkpoint someone kept, with the
// organization's latest checkpoint to keep for next time.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  getLatestCheckpoint,
  toCheckpointSummary,
  type CheckpointSummary,
} from "./publish-checkpoint";
import { verifyChains, type ChainVerification } from "./verify-chain";
import { verifyCheckpoint, type CheckpointVerification } from "./verify-checkpoint";

export interface EvidenceVerification extends ChainVerification {
  /** ok: the chains are intact and (if asked) the checkpoint holds. */
  /** The check against the checkpoint asked for, if one was. */
  checkpoint: CheckpointVerification | null;
  latestCheckpoint: CheckpointSummary | null;
}

export async function verifyEvidence(options: {
  organizationId: string;
  subscriberId?: string;
  checkpoint?: string;
}): Promise<EvidenceVerification> {
  const { organizationId, subscriberId } = options;
  if (subscriberId) {
    const subscriber = await db.subscriber.findFirst({
      where: { id: subscriberId, organizationId },
      select: { id: true },
    });
    if (!subscriber) throw AppError.notFound("Subscriber");
  }
  const checkpoint = options.checkpoint
    ? await verifyCheckpoint({ organizationId, reference: options.checkpoint })
    : null;
  const chains = await verifyChains({ organizationId, subscriberId });
  const latest = await getLatestCheckpoint(organizationId);
  return {
    ...chains,
    ok: chains.ok && (checkpoint?.ok ?? true),
    checkpoint,
    latestCheckpoint: latest ? toCheckpointSummary(latest) : null,
  };
}
