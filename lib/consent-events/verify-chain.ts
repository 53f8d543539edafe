// Recomputes every hash of a chain and checks every link: seq 1, 2, 3… without gaps, each
// prevHash equal to the previous event's hash, each hash equal to the hash of the stored
// row. Then holds each chain against its head (the latest seq and hash, written with every
// event), so that a chain whose last events, or all of them, were removed is caught too; and
// a subscriber with no chain at all (every subscriber is created with an event) is reported.
// Reports the first broken link. Reads in keyset pages, so memory stays flat however long
// the chains are.
//
// Erasure: the personal fields of an erased subscriber's earlier events were redacted, so
// their hashes cannot be recomputed; each such row is held instead against the digest of what
// remains that the chain's subscriber.erased event recorded (lib/privacy/redact-event.ts).
// The erasure event itself is hashed and linked like any other. Erasures are reported.
import "server-only";
import { db } from "@/lib/db/client";
import type { ConsentEvent } from "@/lib/generated/prisma/client";
import { residualHash } from "@/lib/privacy/redact-event";
import { computeEventHash } from "./event-hash";

export type BrokenLinkReason =
  | "hash_mismatch"
  | "prev_hash_mismatch"
  | "seq_gap"
  | "tail_missing"
  | "head_mismatch"
  | "head_missing"
  | "chain_missing"
  /** A redacted row differs from what its chain's erasure event recorded, or has no erasure. */
  | "redaction_mismatch";

export interface BrokenLink {
  /** The event at fault; null when the event itself is what is missing. */
  eventId: string | null;
  chainId: string;
  seq: number;
  reason: BrokenLinkReason;
  createdAt: string | null;
}

export interface ChainVerification {
  ok: boolean;
  /** Events whose hash was recomputed. */
  checked: number;
  chains: number;
  firstBroken: BrokenLink | null;
  /** Subscribers whose personal data was erased, and when (from their erasure events). */
  erasures: { chainId: string; erasedAt: string }[];
  verifiedAt: string;
}

interface Erasure {
  seq: number;
  residuals: string[];
  createdAt: Date;
}

const PAGE = 2000;

interface ChainEnd {
  chainId: string;
  seq: number;
  hash: string;
  eventId: string;
  createdAt: Date;
}

/** One subscriber's chain, or (without subscriberId) every chain of the organization. */
export async function verifyChains(options: {
  organizationId: string;
  subscriberId?: string;
}): Promise<ChainVerification> {
  const { organizationId, subscriberId } = options;
  let checked = 0;
  let chains = 0;
  let previous: ConsentEvent | null = null;
  let after: { chainId: string; seq: number } | null = null;
  const erasures = await loadErasures(organizationId, subscriberId);
  const result = (firstBroken: BrokenLink | null): ChainVerification => ({
    ok: firstBroken === null,
    checked,
    chains,
    firstBroken,
    erasures: [...erasures].map(([chainId, erasure]) => ({
      chainId,
      erasedAt: erasure.createdAt.toISOString(),
    })),
    verifiedAt: new Date().toISOString(),
  });

  for (;;) {
    const rows: ConsentEvent[] = await db.consentEvent.findMany({
      where: {
        organizationId,
        ...(subscriberId ? { chainId: subscriberId } : {}),
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
    // Chains that ended on this page, to hold against their heads.
    const ended: ChainEnd[] = [];
    let broken: BrokenLink | null = null;
    for (const row of rows) {
      const sameChain = previous?.chainId === row.chainId;
      if (!sameChain) {
        chains += 1;
        if (previous) ended.push(chainEnd(previous));
      }
      const reason = linkProblem(row, sameChain ? previous : null, erasures.get(row.chainId));
      checked += 1;
      if (reason) {
        broken = {
          eventId: row.id,
          chainId: row.chainId,
          seq: row.seq,
          reason,
          createdAt: row.createdAt.toISOString(),
        };
        break;
      }
      previous = row;
    }
    const last = rows.length < PAGE || broken !== null;
    // The last chain read may go on in the next page; it is checked once it has ended.
    if (last && !broken && previous) ended.push(chainEnd(previous));
    const headProblem = await compareHeads(organizationId, ended);
    if (headProblem || broken) return result(headProblem ?? broken);
    if (last) break;
    after = { chainId: previous!.chainId, seq: previous!.seq };
  }
  return result(await findMissingChain(organizationId, subscriberId));
}

function chainEnd(row: ConsentEvent): ChainEnd {
  return {
    chainId: row.chainId,
    seq: row.seq,
    hash: row.hash,
    eventId: row.id,
    createdAt: row.createdAt,
  };
}

function linkProblem(
  row: ConsentEvent,
  previous: ConsentEvent | null,
  erasure: Erasure | undefined,
): BrokenLinkReason | null {
  if (row.seq !== (previous ? previous.seq + 1 : 1)) return "seq_gap";
  if (row.prevHash !== (previous?.hash ?? null)) return "prev_hash_mismatch";
  if (row.erasedAt) {
    const recorded = erasure && row.seq < erasure.seq ? erasure.residuals[row.seq - 1] : undefined;
    return recorded === residualHash(row) ? null : "redaction_mismatch";
  }
  if (computeEventHash(row) !== row.hash) return "hash_mismatch";
  return null;
}

/** The erasure event of each erased chain (one per subscriber), checked as it is read. */
async function loadErasures(
  organizationId: string,
  subscriberId: string | undefined,
): Promise<Map<string, Erasure>> {
  const rows = await db.consentEvent.findMany({
    where: {
      organizationId,
      type: "subscriber.erased",
      ...(subscriberId ? { chainId: subscriberId } : {}),
    },
    select: { chainId: true, seq: true, data: true, createdAt: true },
    orderBy: [{ chainId: "asc" }, { seq: "asc" }],
  });
  const erasures = new Map<string, Erasure>();
  for (const row of rows) {
    const residuals = (row.data as { residuals?: unknown } | null)?.residuals;
    if (erasures.has(row.chainId)) continue;
    erasures.set(row.chainId, {
      seq: row.seq,
      residuals: Array.isArray(residuals) ? residuals.filter((r) => typeof r === "string") : [],
      createdAt: row.createdAt,
    });
  }
  return erasures;
}

/** Each chain's last event must be its head: same seq, same hash. */
async function compareHeads(organizationId: string, ended: ChainEnd[]): Promise<BrokenLink | null> {
  if (ended.length === 0) return null;
  const heads = await db.chainHead.findMany({
    where: { organizationId, chainId: { in: ended.map((end) => end.chainId) } },
    select: { chainId: true, seq: true, hash: true },
  });
  const byChain = new Map(heads.map((head) => [head.chainId, head]));
  for (const end of ended) {
    const head = byChain.get(end.chainId);
    const at = { chainId: end.chainId, createdAt: end.createdAt.toISOString() };
    if (!head) return { ...at, eventId: end.eventId, seq: end.seq, reason: "head_missing" };
    if (head.seq > end.seq) {
      return {
        chainId: end.chainId,
        eventId: null,
        createdAt: null,
        seq: end.seq + 1,
        reason: "tail_missing",
      };
    }
    if (head.seq !== end.seq || head.hash !== end.hash) {
      return { ...at, eventId: end.eventId, seq: end.seq, reason: "head_mismatch" };
    }
  }
  return null;
}

/** A head whose chain has no events left, or a subscriber with neither. */
async function findMissingChain(
  organizationId: string,
  subscriberId: string | undefined,
): Promise<BrokenLink | null> {
  const chainFilter = subscriberId ?? null;
  const [orphanHead] = await db.$queryRaw<{ chainId: string }[]>`
    SELECT h."chainId" FROM "ChainHead" h
    WHERE h."organizationId" = ${organizationId}
      AND (${chainFilter}::text IS NULL OR h."chainId" = ${chainFilter})
      AND NOT EXISTS (SELECT 1 FROM "ConsentEvent" e
                      WHERE e."organizationId" = h."organizationId" AND e."chainId" = h."chainId")
    ORDER BY h."chainId" LIMIT 1`;
  const [bare] = orphanHead
    ? [orphanHead]
    : await db.$queryRaw<{ chainId: string }[]>`
        SELECT s."id" AS "chainId" FROM "Subscriber" s
        WHERE s."organizationId" = ${organizationId}
          AND (${chainFilter}::text IS NULL OR s."id" = ${chainFilter})
          AND NOT EXISTS (SELECT 1 FROM "ChainHead" h
                          WHERE h."organizationId" = s."organizationId" AND h."chainId" = s."id")
          AND NOT EXISTS (SELECT 1 FROM "ConsentEvent" e
                          WHERE e."organizationId" = s."organizationId" AND e."chainId" = s."id")
        ORDER BY s."id" LIMIT 1`;
  if (!bare) return null;
  return { chainId: bare.chainId, eventId: null, seq: 1, reason: "chain_missing", createdAt: null };
}
