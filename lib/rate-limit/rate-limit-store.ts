// Where rate-limit counters live: the database by default (nothing else to run, shared by
// every app server), or Redis when REDIS_URL is set (no write per request on the database).
// If Redis cannot answer, the check falls back to the database rather than failing the
// request or letting it through uncounted.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createRedisRateLimitStore, type RedisRateLimitStore } from "./redis-rate-limit-store";
import { windowBounds, type RateLimitRule, type WindowCounts } from "./sliding-window";

export interface RateLimitStore {
  name: "database" | "redis";
  /** Counts one hit for the rule's key at `now`; returns both windows' counts. */
  hit(rule: RateLimitRule, now: Date): Promise<WindowCounts>;
  /** Forgets the key's current and previous windows (a manual unblock starts afresh). */
  reset(rule: RateLimitRule, now: Date): Promise<void>;
}

export const databaseRateLimitStore: RateLimitStore = {
  name: "database",
  async hit(rule, now) {
    const { windowStart, previousStart, expiresAt } = windowBounds(rule.windowSeconds, now);
    const [row] = await db.$queryRaw<{ current: number; previous: number | null }[]>`
      WITH current AS (
        INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
        VALUES (${rule.key}, ${windowStart}, 1, ${expiresAt})
        ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
        RETURNING "count"
      )
      SELECT (SELECT "count" FROM current) AS current,
             (SELECT "count" FROM "RateLimitCounter" WHERE "key" = ${rule.key} AND "windowStart" = ${previousStart}) AS previous`;
    return { current: Number(row?.current ?? 1), previous: Number(row?.previous ?? 0) };
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
    async hit(rule, now) {
      try {
        return await primary.hit(rule, now);
      } catch {
        return databaseRateLimitStore.hit(rule, now);
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
