// What the Risk page shows: the last 24 hours of fraud signals, grouped the way an attack
// shows up (one IP, one prefix), and every block with its state.
import "server-only";
import { db } from "@/lib/db/client";
import type { RiskBlock } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RiskEventType } from "./record-risk-event";

/** Fraud signals; delivery and code failures are on the Failures page. */
export const RISK_SIGNAL_TYPES = [
  "suspicious_ip_many_numbers",
  "sequential_numbers",
  "prefix_burst",
  "repeated_code_requests",
  "blocked",
  "rate_limited",
  "honeypot",
  "country_not_allowed",
  "invalid_number",
  "not_mobile",
] as const satisfies readonly RiskEventType[];

export interface RiskFlagGroup {
  type: string;
  ip: string | null;
  prefix: string | null;
  count: number;
  first: Date;
  last: Date;
}

export interface RiskOverview {
  since: Date;
  /** Events per type in the last 24 hours (every signal type, zero included). */
  counts: Record<(typeof RISK_SIGNAL_TYPES)[number], number>;
  groups: RiskFlagGroup[];
  activeBlocks: RiskBlock[];
  /** Blocks that ended (expired or lifted) in the last 24 hours. */
  endedBlocks: RiskBlock[];
}

export async function getRiskOverview(options: {
  organizationId: string;
  now?: Date;
  groupLimit?: number;
}): Promise<RiskOverview> {
  const { organizationId } = options;
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - 24 * 3600 * 1000);
  const types = Prisma.join([...RISK_SIGNAL_TYPES]);

  const [byType, groups, activeBlocks, endedBlocks] = await Promise.all([
    db.$queryRaw<{ type: string; count: number }[]>`
      SELECT "type", count(*)::int AS count FROM "RiskEvent"
      WHERE "organizationId" = ${organizationId} AND "createdAt" > ${since} AND "createdAt" <= ${now}
        AND "type" IN (${types})
      GROUP BY "type"`,
    db.$queryRaw<RiskFlagGroup[]>`
      SELECT "type", "ip", "prefix", count(*)::int AS count,
             min("createdAt") AS first, max("createdAt") AS last
      FROM "RiskEvent"
      WHERE "organizationId" = ${organizationId} AND "createdAt" > ${since} AND "createdAt" <= ${now}
        AND "type" IN (${types})
      GROUP BY "type", "ip", "prefix"
      ORDER BY count DESC, last DESC
      LIMIT ${options.groupLimit ?? 50}`,
    db.riskBlock.findMany({
      where: { organizationId, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    }),
    db.riskBlock.findMany({
      where: { organizationId, expiresAt: { gt: since, lte: now } },
      orderBy: { expiresAt: "desc" },
      take: 20,
    }),
  ]);

  const counts = Object.fromEntries(RISK_SIGNAL_TYPES.map((type) => [type, 0])) as Record<
    (typeof RISK_SIGNAL_TYPES)[number],
    number
  >;
  for (const row of byType) {
    if (row.type in counts) counts[row.type as keyof typeof counts] = Number(row.count);
  }
  return {
    since,
    counts,
    groups: groups.map((group) => ({ ...group, count: Number(group.count) })),
    activeBlocks,
    endedBlocks,
  };
}
