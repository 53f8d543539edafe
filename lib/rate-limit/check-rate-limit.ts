// Sliding-window rate limits, counted where every app server behind a load balancer sees the
// same numbers: the database, or Redis when REDIS_URL is set (see rate-limit-store.ts). The
// "sliding window counter" estimate: the previous window's count, weighted by how much of it
// still overlaps the sliding window, plus the current window's count. One round trip per check,
// however many rules it counts.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import { metrics, rateLimitRuleName } from "@/lib/metrics/metrics";
import { getRateLimitStore, type RateLimitStore } from "./rate-limit-store";
import { evaluateSlidingWindow, type RateLimitResult, type RateLimitRule } from "./sliding-window";

export type { RateLimitResult, RateLimitRule } from "./sliding-window";

export async function checkRateLimit(
  rule: RateLimitRule,
  now = new Date(),
  store: RateLimitStore = getRateLimitStore(),
): Promise<RateLimitResult> {
  const [result] = await checkRateLimits([rule], now, store);
  return result!;
}

/** Counts a hit on every rule (distinct keys) in one round trip; results in the rules' order. */
export async function checkRateLimits(
  rules: RateLimitRule[],
  now = new Date(),
  store: RateLimitStore = getRateLimitStore(),
): Promise<RateLimitResult[]> {
  const counts = await store.hit(rules, now);
  return rules.map((rule, index) => evaluateSlidingWindow(rule, counts[index]!, now));
}

export interface EnforceRateLimitsOptions {
  now?: Date;
  /** Runs before the 429 is thrown (e.g. to record a risk event). */
  onRefused?: (denied: { rule: RateLimitRule; result: RateLimitResult }[]) => Promise<void>;
}

/** Checks every rule (all are counted) and throws 429 with the longest wait if any is exceeded. */
export async function enforceRateLimits(
  rules: RateLimitRule[],
  message: string,
  options: EnforceRateLimitsOptions = {},
): Promise<void> {
  const now = options.now ?? new Date();
  const results = await checkRateLimits(rules, now);
  const denied = rules
    .map((rule, index) => ({ rule, result: results[index]! }))
    .filter(({ result }) => !result.allowed);
  if (denied.length > 0) {
    for (const { rule } of denied)
      metrics.rateLimitRefusals.inc({ rule: rateLimitRuleName(rule.key) });
    await options.onRefused?.(denied);
    const retryAfter = Math.max(...denied.map(({ result }) => result.retryAfter));
    throw new AppError(ErrorCode.RATE_LIMITED, message, { retryAfter });
  }
}

/** Forgets a key's counts, wherever they are kept. */
export async function resetRateLimit(rule: RateLimitRule, now = new Date()): Promise<void> {
  await getRateLimitStore().reset(rule, now);
}

/** Drops database counters nobody will read again (Redis keys expire by themselves). */
export async function pruneRateLimitCounters(now = new Date()): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
