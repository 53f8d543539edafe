// Blocks: one row per (organization, kind, value), extended rather than duplicated when a
// blocked target trips a rule again. A block that has ended stays as history, and its end is
// where the detectors start counting again for that target (so that a manual unblock is not
// undone at once by the activity that caused it).
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import type { RiskBlock } from "@/lib/generated/prisma/client";
import { metrics } from "@/lib/metrics/metrics";
import { phonePrefix, recordRiskEvent, type RiskEventType } from "./record-risk-event";
import { BLOCK_MESSAGES, type BlockKind } from "./thresholds";

export interface BlockTarget {
  kind: BlockKind;
  value: string;
}

/** The counters behind the counting rules, by the target a block on them would name. */
export const RISK_COUNTER_KEYS = {
  ipRefusals: (organizationId: string, ip: string) => `risk:refused:${organizationId}:${ip}`,
  prefix: (organizationId: string, prefix: string) => `risk:prefix:${organizationId}:${prefix}`,
  country: (organizationId: string, country: string) => `risk:country:${organizationId}:${country}`,
  codes: (organizationId: string, phone: string) => `risk:code:${organizationId}:${phone}`,
};

/** The request's targets a block may name: its number, prefix, country and IP. */
export function riskTargets(
  ip: string | null,
  number: { phone: string; country: string } | null,
): BlockTarget[] {
  return [
    ...(number
      ? [
          { kind: "phone" as const, value: number.phone },
          { kind: "prefix" as const, value: phonePrefix(number.phone) },
          { kind: "country" as const, value: number.country },
        ]
      : []),
    ...(ip ? [{ kind: "ip" as const, value: ip }] : []),
  ];
}

/** The block rows that name one of these targets. */
export function blocksOf<B extends { kind: string; value: string }>(
  blocks: B[],
  targets: BlockTarget[],
): B[] {
  return blocks.filter((b) => targets.some((t) => t.kind === b.kind && t.value === b.value));
}

/** The active block that ends last, if any. */
export function activeBlock(blocks: RiskBlock[], now: Date): RiskBlock | null {
  return blocks
    .filter((block) => block.expiresAt > now)
    .reduce<RiskBlock | null>(
      (latest, block) => (!latest || block.expiresAt > latest.expiresAt ? block : latest),
      null,
    );
}

/** When the target's last block ended (null if it never had one, or one is active). */
export function lastBlockEnd(blocks: RiskBlock[], target: BlockTarget, now: Date): Date | null {
  const block = blocks.find((row) => row.kind === target.kind && row.value === target.value);
  return block && block.expiresAt <= now ? block.expiresAt : null;
}

export async function placeRiskBlock(options: {
  organizationId: string;
  target: BlockTarget;
  reason: RiskEventType;
  seconds: number;
  now: Date;
}): Promise<RiskBlock> {
  const { organizationId, target, reason, now } = options;
  const expiresAt = new Date(now.getTime() + options.seconds * 1000);
  // An active block keeps its reason and start and only ever gets longer.
  const [row] = await db.$queryRaw<RiskBlock[]>`
    INSERT INTO "RiskBlock" ("id", "organizationId", "kind", "value", "reason", "createdAt", "expiresAt")
    VALUES (${randomUUID()}, ${organizationId}, ${target.kind}, ${target.value}, ${reason}, ${now}, ${expiresAt})
    ON CONFLICT ("organizationId", "kind", "value") DO UPDATE SET
      "reason" = CASE WHEN "RiskBlock"."expiresAt" > ${now} THEN "RiskBlock"."reason" ELSE EXCLUDED."reason" END,
      "createdAt" = CASE WHEN "RiskBlock"."expiresAt" > ${now} THEN "RiskBlock"."createdAt" ELSE EXCLUDED."createdAt" END,
      "expiresAt" = GREATEST("RiskBlock"."expiresAt", EXCLUDED."expiresAt")
    RETURNING *`;
  if (!row) throw new Error("RiskBlock upsert returned nothing");
  metrics.riskBlocksPlaced.inc({ kind: target.kind, reason });
  return row;
}

export interface RequestFacts {
  organizationId: string;
  formId: string | null;
  ip: string | null;
  phone?: string | null;
  country?: string | null;
}

/**
 * Records the refused request ("blocked") and returns the error to throw: 429 with
 * Retry-After until the block ends, and a message that says what to do.
 */
export async function refuseBlocked(
  facts: RequestFacts,
  block: RiskBlock,
  options: { now: Date; newBlock: boolean },
): Promise<AppError> {
  metrics.riskBlockedRequests.inc({ kind: block.kind });
  await recordRiskEvent({
    ...facts,
    type: "blocked",
    detail: {
      blockId: block.id,
      blockKind: block.kind,
      blockValue: block.value,
      reason: block.reason,
      until: block.expiresAt.toISOString(),
      newBlock: options.newBlock,
    },
    at: options.now,
  });
  const retryAfter = Math.max(
    1,
    Math.ceil((block.expiresAt.getTime() - options.now.getTime()) / 1000),
  );
  const kind = block.kind in BLOCK_MESSAGES ? (block.kind as BlockKind) : "ip";
  return new AppError(ErrorCode.RATE_LIMITED, BLOCK_MESSAGES[kind], { retryAfter });
}
