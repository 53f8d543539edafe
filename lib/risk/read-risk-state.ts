// What the risk checks of one request read from the database, in one statement: the block
// rows of its targets, and the last hour's signups and code sends from its IP or in its
// number prefix (for the detectors of thresholds.ts). Both reads follow indexes (the window
// indexes are in the migration 20261204090000_risk_request_windows), so their cost depends
// on the traffic of that IP and prefix, never on the organization's history.
import "server-only";
import { sql } from "@/lib/db/client";
import { reviveJsonRow } from "@/lib/db/revive-json-row";
import { Prisma, type RiskBlock } from "@/lib/generated/prisma/client";
import { phonePrefix } from "./record-risk-event";
import type { BlockTarget } from "./risk-blocks";
import { RISK_THRESHOLDS } from "./thresholds";

/** A number we texted (or were about to) for a signup or a code request. */
export interface RecentRequest {
  phone: string | null;
  ip: string | null;
  at: Date;
}

export interface RiskState {
  /** Every block row (active or ended) for the targets. */
  blocks: RiskBlock[];
  /** Empty unless a phone was given. */
  recent: RecentRequest[];
}

export interface ReadRiskStateOptions {
  organizationId: string;
  targets: BlockTarget[];
  /** For the detectors' window: the request's IP and number (E.164). */
  window?: { ip: string | null; phone: string };
  now: Date;
}

/** How far back the detectors look. */
export const RECENT_WINDOW_SECONDS = Math.max(
  RISK_THRESHOLDS.ipNumbers.blockWindowSeconds,
  RISK_THRESHOLDS.sequential.windowSeconds,
);

export async function readRiskState(options: ReadRiskStateOptions): Promise<RiskState> {
  const { organizationId, targets, window, now } = options;
  const blocks = targets.length
    ? Prisma.sql`SELECT coalesce(json_agg(b), '[]') FROM "RiskBlock" b
        WHERE b."organizationId" = ${organizationId} AND (${Prisma.join(
          targets.map((t) => Prisma.sql`(b."kind" = ${t.kind} AND b."value" = ${t.value})`),
          " OR ",
        )})`
    : Prisma.sql`SELECT '[]'::json`;
  const recent = window
    ? Prisma.sql`SELECT coalesce(json_agg(r), '[]') FROM (${recentRequestsSql(organizationId, window, now)}) r`
    : Prisma.sql`SELECT '[]'::json`;
  const [row] = await sql.$queryRaw<{ blocks: JsonRow[]; recent: JsonRow[] }[]>`
    SELECT (${blocks}) AS "blocks", (${recent}) AS "recent"`;
  return {
    blocks: (row?.blocks ?? []).map((b) => reviveJsonRow<RiskBlock>(b)),
    recent: (row?.recent ?? []).map((r) => ({
      phone: r.phone as string | null,
      ip: r.ip as string | null,
      at: new Date(r.at as string),
    })),
  };
}

type JsonRow = Record<string, unknown>;

/**
 * Signups (consent events) and code sends of the window, from the IP or in the number's
 * prefix: four index range scans. `left(…, 6)` must stay as written, the indexes' expression
 * (phonePrefix: "+" and five digits).
 */
export function recentRequestsSql(
  organizationId: string,
  { ip, phone }: { ip: string | null; phone: string },
  now: Date,
): Prisma.Sql {
  const since = new Date(now.getTime() - RECENT_WINDOW_SECONDS * 1000);
  const prefix = phonePrefix(phone);
  return Prisma.sql`
    SELECT e."data"->>'phone' AS "phone", e."ip", e."createdAt" AS "at" FROM "ConsentEvent" e
    WHERE e."organizationId" = ${organizationId} AND e."type" = 'signup.submitted'
      AND e."ip" = ${ip}::text AND e."createdAt" > ${since}::timestamptz AND e."createdAt" <= ${now}::timestamptz
    UNION ALL
    SELECT e."data"->>'phone', e."ip", e."createdAt" FROM "ConsentEvent" e
    WHERE e."organizationId" = ${organizationId} AND e."type" = 'signup.submitted'
      AND left(e."data"->>'phone', 6) = ${prefix} AND e."ip" IS DISTINCT FROM ${ip}::text
      AND e."createdAt" > ${since}::timestamptz AND e."createdAt" <= ${now}::timestamptz
    UNION ALL
    SELECT v."phone", v."ip", v."lastSentAt" FROM "VerificationCode" v
    WHERE v."organizationId" = ${organizationId}
      AND v."ip" = ${ip}::text AND v."lastSentAt" > ${since}::timestamptz AND v."lastSentAt" <= ${now}::timestamptz
    UNION ALL
    SELECT v."phone", v."ip", v."lastSentAt" FROM "VerificationCode" v
    WHERE v."organizationId" = ${organizationId}
      AND left(v."phone", 6) = ${prefix} AND v."ip" IS DISTINCT FROM ${ip}::text
      AND v."lastSentAt" > ${since}::timestamptz AND v."lastSentAt" <= ${now}::timestamptz`;
}
