// The "sliding window counter" arithmetic, shared by every store (database, Redis): the
// previous fixed window's count, weighted by how much of it still overlaps the sliding
// window, plus the current window's count. Pure, so both stores answer identically.

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

/** What a store reports after counting one hit: the current and previous windows' counts. */
export interface WindowCounts {
  current: number;
  previous: number;
}

export interface WindowBounds {
  windowStart: Date;
  previousStart: Date;
  /** After this, neither window can matter to any check. */
  expiresAt: Date;
}

export function windowBounds(windowSeconds: number, now: Date): WindowBounds {
  const windowMs = windowSeconds * 1000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return {
    windowStart,
    previousStart: new Date(windowStart.getTime() - windowMs),
    expiresAt: new Date(windowStart.getTime() + 2 * windowMs),
  };
}

export function evaluateSlidingWindow(
  rule: RateLimitRule,
  { current, previous }: WindowCounts,
  now: Date,
): RateLimitResult {
  const windowMs = rule.windowSeconds * 1000;
  const { windowStart } = windowBounds(rule.windowSeconds, now);
  const elapsed = (now.getTime() - windowStart.getTime()) / windowMs;
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
