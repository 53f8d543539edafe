// A per-process fixed-window limiter for endpoints that must not write to the database
// before they have authenticated the caller (signed webhooks: a forged request must change
// nothing, not even a counter). Each app server counts on its own; that is enough to stop
// one client from flooding the signature check.
export class MemoryRateLimiter {
  private readonly hits = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  allow(key: string, now = Date.now()): boolean {
    const windowStart = now - (now % this.windowMs);
    const entry = this.hits.get(key);
    if (!entry || entry.windowStart !== windowStart) {
      if (this.hits.size > 10_000) this.prune(windowStart);
      this.hits.set(key, { windowStart, count: 1 });
      return true;
    }
    entry.count += 1;
    return entry.count <= this.limit;
  }

  private prune(currentWindow: number): void {
    for (const [key, entry] of this.hits)
      if (entry.windowStart !== currentWindow) this.hits.delete(key);
  }
}
