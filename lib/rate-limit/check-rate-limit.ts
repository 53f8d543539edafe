// Sliding-window rate limits, counted in the database so that every app server behind a load
// balancer sees the same numbers. The "sliding window counter" estimate: the previous
// window's count, weighted by how much of it still overlaps the sliding window, plus the
// current window's count. One round trip per check.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";

export interface RateLimitRule {
  /** What is limited, e.g. "signup:ip:203.0.113.9". */
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** The sliding-window estimate, this request included. */
  count: number;
  limit: number;
  /** Seconds until a request would be allowed again (0 when allowed). */
  retryAfter: number;
}

export async function checkRateLimit(
  rule: RateLimitRule,
  now = new Date(),
): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const previousStart = new Date(windowStart.getTime() - windowMs);
  const expiresAt = new Date(windowStart.getTime() + 2 * windowMs);

  const [row] = await db.$queryRaw<{ current: number; previous: number | null }[]>`
    WITH current AS (
      INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
      VALUES (${rule.key}, ${windowStart}, 1, ${expiresAt})
      ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
      RETURNING "count"
    )
    SELECT (SELECT "count" FROM current) AS current,
           (SELECT "count" FROM "RateLimitCounter" WHERE "key" = ${rule.key} AND "windowStart" = ${previousStart}) AS previous`;

  const elapsed = (now.getTime() - windowStart.getTime()) / windowMs;
  const previous = Number(row?.previous ?? 0);
  const current = Number(row?.current ?? 1);
  const count = previous * (1 - elapsed) + current;
  if (count <= rule.limit) return { allowed: true, count, limit: rule.limit, retryAfter: 0 };

  // When will the weighted previous window have faded enough? If the current window alone is
  // over the limit, only the next window helps.
  const overBy = count - rule.limit;
  const fadeSeconds = previous > 0 ? Math.ceil((overBy / previous) * rule.windowSeconds) : Infinity;
  const untilNextWindow = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  const retryAfter =
    current > rule.limit ? untilNextWindow : Math.min(fadeSeconds, untilNextWindow);
  return { allowed: false, count, limit: rule.limit, retryAfter: Math.max(1, retryAfter) };
}

/** Checks every rule (all are counted) and throws 429 with the longest wait if any is exceeded. */
export async function enforceRateLimits(rules: RateLimitRule[], message: string): Promise<void> {
  const results = await Promise.all(rules.map((rule) => checkRateLimit(rule)));
  const denied = results.filter((result) => !result.allowed);
  if (denied.length > 0) {
    const retryAfter = Math.max(...denied.map((result) => result.retryAfter));
    throw new AppError(ErrorCode.RATE_LIMITED, message, { retryAfter });
  }
}

/** Drops counters nobody will read again. */
export async function pruneRateLimitCounters(now = new Date()): Promise<number> {
  const { count } = await db.rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
