// Where rate-limit counters live: the database by default (nothing else to run, shared by
// every app server), or Redis when REDIS_URL is set (no write per request on the database).
// If Redis cannot answer, the check falls back to the database rather than failing the
// request or letting it through uncounted.
import "server-only";
import { db, sql } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";
import { createRedisRateLimitStore, type RedisRateLimitStore } from "./redis-rate-limit-store";
import { windowBounds, type RateLimitRule, type WindowCounts } from "./sliding-window";

export interface RateLimitStore {
  name: "database" | "redis";
  /**
   * Counts one hit for each rule's key at `now` (distinct keys, one round trip); returns both
   * windows' counts of each, in the rules' order.
   */
  hit(rules: RateLimitRule[], now: Date): Promise<WindowCounts[]>;
  /** Forgets the key's current and previous windows (a manual unblock starts afresh). */
  reset(rule: RateLimitRule, now: Date): Promise<void>;
}

export const databaseRateLimitStore: RateLimitStore = {
  name: "database",
  async hit(rules, now) {
    if (rules.length === 0) return [];
    if (new Set(rules.map((rule) => rule.key)).size !== rules.length) {
      throw new Error("Rate-limit keys counted together must be distinct");
    }
    // In key order, so that two requests counting the same keys lock them in the same order.
    const windows = rules
      .map((rule) => ({ key: rule.key, ...windowBounds(rule.windowSeconds, now) }))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    const values = Prisma.join(
      windows.map(
        (w) =>
          Prisma.sql`(${w.key}, ${w.windowStart}::timestamptz, ${w.previousStart}::timestamptz, ${w.expiresAt}::timestamptz)`,
      ),
    );
    const rows = await sql.$queryRaw<{ key: string; current: number; previous: number | null }[]>`
      WITH hits ("key", "windowStart", "previousStart", "expiresAt") AS (VALUES ${values}),
      counted AS (
        INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
        SELECT "key", "windowStart", 1, "expiresAt" FROM hits ORDER BY "key"
        ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
        RETURNING "key", "count"
      )
      SELECT h."key", c."count" AS "current", p."count" AS "previous"
      FROM hits h
      JOIN counted c ON c."key" = h."key"
      LEFT JOIN "RateLimitCounter" p ON p."key" = h."key" AND p."windowStart" = h."previousStart"`;
    return rules.map((rule) => {
      const row = rows.find((r) => r.key === rule.key);
      return { current: Number(row?.current ?? 1), previous: Number(row?.previous ?? 0) };
    });
  },
  async reset(rule) {
    await db.rateLimitCounter.deleteMany({ where: { key: rule.key } });
  },
};

const globalForRedis = globalThis as typeof globalThis & {
  __optlineRateLimitRedis?: { url: string; store: RedisRateLimitStore };
};

function redisStore(url: string): RedisRateLimitStore {
  const cached = globalForRedis.__optlineRateLimitRedis;
  if (cached?.url === url) return cached.store;
  void cached?.store.close();
  const store = createRedisRateLimitStore({ url });
  globalForRedis.__optlineRateLimitRedis = { url, store };
  return store;
}

/** Redis first, the database when Redis fails. */
function withDatabaseFallback(primary: RateLimitStore): RateLimitStore {
  return {
    name: primary.name,
    async hit(rules, now) {
      try {
        return await primary.hit(rules, now);
      } catch {
        return databaseRateLimitStore.hit(rules, now);
      }
    },
    async reset(rule, now) {
      await Promise.allSettled([primary.reset(rule, now), databaseRateLimitStore.reset(rule, now)]);
    },
  };
}

export function getRateLimitStore(): RateLimitStore {
  const url = getEnv().REDIS_URL;
  return url ? withDatabaseFallback(redisStore(url)) : databaseRateLimitStore;
}

/** Throws unless the rate-limit Redis answers PING (readiness, when REDIS_URL is set). */
export async function pingRateLimitRedis(url: string): Promise<void> {
  await redisStore(url).ping();
}

/** Closes the Redis connection, if one was opened (tests, scripts). */
export async function closeRateLimitStore(): Promise<void> {
  const cached = globalForRedis.__optlineRateLimitRedis;
  globalForRedis.__optlineRateLimitRedis = undefined;
  await cached?.store.close();
}
