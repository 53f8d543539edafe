// Recomputes every hash of a chain and checks every link: seq 1, 2, 3… without gaps, each
// prevHash equal to the previous event's hash, each hash equal to the hash of the stored
// row. Reports the first broken link. Reads in keyset pages, so memory stays flat however
// long the chains are.
import "server-only";
import { db } from "@/lib/db/client";
import type { ConsentEvent } from "@/lib/generated/prisma/client";
import { computeEventHash } from "./event-hash";

export type BrokenLinkReason = "hash_mismatch" | "prev_hash_mismatch" | "seq_gap";

export interface ChainVerification {
  ok: boolean;
  /** Events whose hash was recomputed. */
  checked: number;
  chains: number;
  firstBroken: {
    eventId: string;
    chainId: string;
    seq: number;
    reason: BrokenLinkReason;
    createdAt: string;
  } | null;
  verifiedAt: string;
}

const PAGE = 2000;

/** One subscriber's chain, or (without subscriberId) every chain of the organization. */
export async function verifyChains(options: {
  organizationId: string;
  subscriberId?: string;
}): Promise<ChainVerification> {
  let checked = 0;
  let chains = 0;
  let previous: { chainId: string; seq: number; hash: string } | null = null;
  let after: { chainId: string; seq: number } | null = null;

  for (;;) {
    const rows: ConsentEvent[] = await db.consentEvent.findMany({
      where: {
        organizationId: options.organizationId,
        ...(options.subscriberId ? { chainId: options.subscriberId } : {}),
        ...(after
          ? {
              OR: [
                { chainId: { gt: after.chainId } },
                { chainId: after.chainId, seq: { gt: after.seq } },
              ],
            }
          : {}),
      },
      orderBy: [{ chainId: "asc" }, { seq: "asc" }],
      take: PAGE,
    });
    for (const row of rows) {
      const sameChain = previous?.chainId === row.chainId;
      if (!sameChain) chains += 1;
      const expectedSeq = sameChain && previous ? previous.seq + 1 : 1;
      const expectedPrev = sameChain && previous ? previous.hash : null;
      const reason: BrokenLinkReason | null =
        row.seq !== expectedSeq
          ? "seq_gap"
          : row.prevHash !== expectedPrev
            ? "prev_hash_mismatch"
            : computeEventHash(row) !== row.hash
              ? "hash_mismatch"
              : null;
      checked += 1;
      if (reason) {
        return {
          ok: false,
          checked,
          chains,
          firstBroken: {
            eventId: row.id,
            chainId: row.chainId,
            seq: row.seq,
            reason,
            createdAt: row.createdAt.toISOString(),
          },
          verifiedAt: new Date().toISOString(),
        };
      }
      previous = { chainId: row.chainId, seq: row.seq, hash: row.hash };
    }
    if (rows.length < PAGE) break;
    const last: ConsentEvent = rows[rows.length - 1]!;
    after = { chainId: last.chainId, seq: last.seq };
  }
  return { ok: true, checked, chains, firstBroken: null, verifiedAt: new Date().toISOString() };
}
