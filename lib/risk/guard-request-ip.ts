// The first gate of every public endpoint that can make us send an SMS, before the body is
// even parsed (so a flood of junk is limited too): is the IP blocked, is it over its rate
// limit? Refusals are recorded, and an IP that keeps coming after its 429s is blocked.
import "server-only";
import { AppError, ErrorCode } from "@/lib/errors";
import { metrics, rateLimitRuleName } from "@/lib/metrics/metrics";
import {
  checkRateLimit,
  type RateLimitResult,
  type RateLimitRule,
} from "@/lib/rate-limit/check-rate-limit";
import { recordRiskEvent } from "./record-risk-event";
import type { RiskBlock } from "@/lib/generated/prisma/client";
import { readRiskState } from "./read-risk-state";
import {
  activeBlock,
  blocksOf,
  placeRiskBlock,
  refuseBlocked,
  RISK_COUNTER_KEYS,
  type RequestFacts,
} from "./risk-blocks";
import { RISK_THRESHOLDS } from "./thresholds";

export interface GuardRequestIpOptions {
  organizationId: string;
  formId: string | null;
  ip: string | null;
  /** The endpoint's own limit per IP, e.g. 20 signups per 10 minutes. */
  rule: RateLimitRule;
  /** What a person over that limit is told. */
  message: string;
  now?: Date;
  /** Block rows read already by the caller (readRiskState); read here if not. */
  blocks?: RiskBlock[];
}

export async function guardRequestIp(options: GuardRequestIpOptions): Promise<void> {
  const { organizationId, formId, ip, rule, message } = options;
  const now = options.now ?? new Date();
  const facts: RequestFacts = { organizationId, formId, ip };
  if (ip) {
    const targets = [{ kind: "ip" as const, value: ip }];
    const blocks = options.blocks ?? (await readRiskState({ organizationId, targets, now })).blocks;
    const block = activeBlock(blocksOf(blocks, targets), now);
    if (block) throw await refuseBlocked(facts, block, { now, newBlock: false });
  }
  const result = await checkRateLimit(rule, now);
  if (!result.allowed) throw await refuseRateLimited(facts, [{ rule, result }], message, now);
}

/**
 * Records a rate-limit refusal ("rate_limited") and returns the error to throw. Counts it
 * against the IP: past RISK_THRESHOLDS.ipRefusals the IP is blocked and told so instead.
 */
export async function refuseRateLimited(
  facts: RequestFacts,
  denied: { rule: RateLimitRule; result: RateLimitResult }[],
  message: string,
  now: Date,
): Promise<AppError> {
  for (const { rule } of denied)
    metrics.rateLimitRefusals.inc({ rule: rateLimitRuleName(rule.key) });
  await recordRiskEvent({
    ...facts,
    type: "rate_limited",
    detail: {
      limits: denied.map(({ rule, result }) => ({
        key: rule.key,
        limit: rule.limit,
        windowSeconds: rule.windowSeconds,
        retryAfter: result.retryAfter,
      })),
    },
    at: now,
  });
  const retryAfter = Math.max(...denied.map(({ result }) => result.retryAfter));
  if (facts.ip) {
    const { blockAbove, windowSeconds, blockSeconds } = RISK_THRESHOLDS.ipRefusals;
    const refusals = await checkRateLimit(
      {
        key: RISK_COUNTER_KEYS.ipRefusals(facts.organizationId, facts.ip),
        limit: blockAbove,
        windowSeconds,
      },
      now,
    );
    if (!refusals.allowed) {
      const block = await placeRiskBlock({
        organizationId: facts.organizationId,
        target: { kind: "ip", value: facts.ip },
        reason: "rate_limited",
        seconds: blockSeconds,
        now,
      });
      return refuseBlocked(facts, block, { now, newBlock: true });
    }
  }
  return new AppError(ErrorCode.RATE_LIMITED, message, { retryAfter });
}
