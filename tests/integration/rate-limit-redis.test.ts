// The Redis rate-limit store (REDIS_URL) against a real Redis: it must answer exactly as the
// database store does. Needs Redis on TEST_REDIS_URL (default redis://127.0.0.1:6379); when
// none answers the tests are skipped with a message, except in CI (CI=true), where that is a
// failure.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { checkRateLimit } from "@/lib/rate-limit/check-rate-limit";
import { closeRateLimitStore, databaseRateLimitStore } from "@/lib/rate-limit/rate-limit-store";
import { createRedisRateLimitStore } from "@/lib/rate-limit/redis-rate-limit-store";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const run = randomBytes(4).toString("hex");
const redis = createRedisRateLimitStore({ url: REDIS_URL, keyPrefix: `optline-test:${run}:` });

let available = true;
try {
  await redis.ping();
} catch (error) {
  available = false;
  const reason = error instanceof Error ? error.message : String(error);
  if (process.env.CI === "true") {
    throw new Error(`CI=true but Redis does not answer at ${REDIS_URL}: ${reason}`);
  }
  console.warn(
    `Skipping the Redis rate-limit tests: no Redis answers at ${REDIS_URL} (${reason}). ` +
      "Start one or set TEST_REDIS_URL; with CI=true this is a failure.",
  );
}

const WINDOW = 60;
const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0) + seconds * 1000);

afterAll(async () => {
  await redis.close();
});

describe.skipIf(!available)("sliding-window rate limit in Redis", () => {
  afterEach(async () => {
    delete process.env.REDIS_URL;
    resetEnvCache();
    await closeRateLimitStore();
  });

  it("gives the same answers as the database for the same requests", async () => {
    const rule = { key: `t:same:${run}`, limit: 10, windowSeconds: WINDOW };
    // Within a window, across a boundary, half-way through the next, and two windows later.
    const times = [...Array.from({ length: 12 }, () => 59), 61, 61, 90, 90, 90, 119, 200, 200];
    const fromRedis = [];
    const fromDatabase = [];
    for (const time of times) {
      fromRedis.push(await checkRateLimit(rule, at(time), redis));
      fromDatabase.push(await checkRateLimit(rule, at(time), databaseRateLimitStore));
    }
    expect(fromRedis).toEqual(fromDatabase);
    // And they are the right answers (rate-limit.test.ts explains the arithmetic).
    // 59 s: 10 allowed, 2 over. 61 s: 12 × 59/60 + 1 and + 2, over. 90 s: 12 × 1/2 + 3, + 4
    // (at the limit), + 5 (over). 119 s: 12 × 1/60 + 6. 200 s: a fresh pair of windows.
    expect(fromRedis.map((result) => result.allowed)).toEqual([
      ...Array.from({ length: 10 }, () => true),
      false,
      false,
      false,
      false,
      true,
      true,
      false,
      true,
      true,
      true,
    ]);
    expect(fromRedis[12]!.count).toBeCloseTo(12 * (59 / 60) + 1, 5);
    expect(fromRedis[11]!.retryAfter).toBe(1);
  });

  it("counts concurrent requests exactly (the script is atomic)", async () => {
    const rule = { key: `t:concurrent:${run}`, limit: 50, windowSeconds: WINDOW };
    const results = await Promise.all(
      Array.from({ length: 80 }, () => checkRateLimit(rule, at(1), redis)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(50);
    expect(Math.max(...results.map((result) => result.count))).toBe(80);
  });

  it("forgets a key on reset", async () => {
    const rule = { key: `t:reset:${run}`, limit: 1, windowSeconds: WINDOW };
    expect((await checkRateLimit(rule, at(70), redis)).allowed).toBe(true);
    expect((await checkRateLimit(rule, at(130), redis)).allowed).toBe(false); // previous window weighs in
    await redis.reset(rule, at(130));
    expect((await checkRateLimit(rule, at(130), redis)).allowed).toBe(true);
  });

  it("is what checkRateLimit uses when REDIS_URL is set: nothing is written to the database", async () => {
    process.env.REDIS_URL = REDIS_URL;
    resetEnvCache();
    const rule = { key: `t:env:${run}`, limit: 2, windowSeconds: WINDOW };
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await checkRateLimit(rule, at(5)));
    expect(results.map((result) => result.allowed)).toEqual([true, true, false]);
    expect(await db.rateLimitCounter.count({ where: { key: rule.key } })).toBe(0);
  });
});

describe("REDIS_URL pointing at no server", () => {
  afterEach(async () => {
    delete process.env.REDIS_URL;
    resetEnvCache();
    await closeRateLimitStore();
  });

  it("falls back to the database instead of failing or letting requests through", async () => {
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    resetEnvCache();
    const rule = { key: `t:fallback:${run}`, limit: 1, windowSeconds: WINDOW };
    expect((await checkRateLimit(rule, at(5))).allowed).toBe(true);
    expect((await checkRateLimit(rule, at(6))).allowed).toBe(false);
    expect(await db.rateLimitCounter.count({ where: { key: rule.key } })).toBe(1);
  });
});
