import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { checkRateLimit, pruneRateLimitCounters } from "@/lib/rate-limit/check-rate-limit";

const WINDOW = 60;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + seconds * 1000);

describe("sliding-window rate limit in the database", () => {
  it("allows up to the limit in a window, then refuses with a wait time", async () => {
    const rule = { key: "t:basic", limit: 3, windowSeconds: WINDOW };
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await checkRateLimit(rule, at(10)));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfter).toBe(50); // the current window alone is over: wait for the next one
  });

  it("weights the previous window by how much of it still overlaps", async () => {
    const rule = { key: "t:sliding", limit: 10, windowSeconds: WINDOW };
    for (let i = 0; i < 10; i++) expect((await checkRateLimit(rule, at(59))).allowed).toBe(true);
    // 1 s into the next window, 59/60 of the previous 10 still count: 9.83 + 1 > 10.
    const early = await checkRateLimit(rule, at(61));
    expect(early.allowed).toBe(false);
    expect(early.count).toBeCloseTo(10 * (59 / 60) + 1, 5);
    // Half-way, half of them count: 5 + 2 (this request and the refused one above).
    const later = await checkRateLimit(rule, at(90));
    expect(later).toMatchObject({ allowed: true });
    expect(later.count).toBeCloseTo(7, 5);
  });

  it("keeps keys apart", async () => {
    const a = { key: "t:a", limit: 1, windowSeconds: WINDOW };
    const b = { key: "t:b", limit: 1, windowSeconds: WINDOW };
    expect((await checkRateLimit(a, at(5))).allowed).toBe(true);
    expect((await checkRateLimit(b, at(5))).allowed).toBe(true);
    expect((await checkRateLimit(a, at(6))).allowed).toBe(false);
  });

  it("counts concurrent requests exactly", async () => {
    const rule = { key: "t:concurrent", limit: 50, windowSeconds: WINDOW };
    const results = await Promise.all(
      Array.from({ length: 60 }, () => checkRateLimit(rule, at(1))),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(50);
  });

  it("prunes counters that can no longer matter", async () => {
    await checkRateLimit({ key: "t:old", limit: 1, windowSeconds: WINDOW }, at(0));
    const removed = await pruneRateLimitCounters(at(3 * WINDOW));
    expect(removed).toBeGreaterThan(0);
    expect(await db.rateLimitCounter.count({ where: { key: "t:old" } })).toBe(0);
  });
});
