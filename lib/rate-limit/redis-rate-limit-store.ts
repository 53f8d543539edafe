// The same sliding-window counter as the database store, in Redis (REDIS_URL): one Lua script
// increments the current window and reads the previous one atomically, so concurrent
// requests on any number of app servers are counted exactly. Keys expire by themselves.
import "server-only";
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { log } from "@/lib/log/logger";
import type { RateLimitStore } from "./rate-limit-store";
import { windowBounds, type RateLimitRule, type WindowCounts } from "./sliding-window";

// KEYS[1] current window, KEYS[2] previous window; ARGV[1] time to live in ms.
const HIT_SCRIPT = `
local current = redis.call("INCR", KEYS[1])
if current == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
local previous = tonumber(redis.call("GET", KEYS[2]) or "0")
return { current, previous }
`;
const HIT_SHA = createHash("sha1").update(HIT_SCRIPT).digest("hex");

export interface RedisRateLimitStore extends RateLimitStore {
  /** Answers PONG or throws: for health checks and tests. */
  ping(): Promise<string>;
  close(): Promise<void>;
}

export function createRedisRateLimitStore(options: {
  url: string;
  /** Namespace of every key, so that several apps (or test runs) can share one Redis. */
  keyPrefix?: string;
}): RedisRateLimitStore {
  const prefix = options.keyPrefix ?? "optline:rl:";
  const client = new Redis(options.url, {
    lazyConnect: true,
    // Fail fast: a check that cannot reach Redis falls back to the database (see
    // getRateLimitStore) instead of holding the request.
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
  });
  let lastLogged = 0;
  client.on("error", (error: Error) => {
    if (Date.now() - lastLogged < 60_000) return;
    lastLogged = Date.now();
    log.warn({ event: "rate_limit.redis_error", err: error }, "Redis for rate limits failed");
  });

  // The hash tag {…} keeps both windows of one key on the same Redis Cluster slot.
  const keyFor = (key: string, windowStart: Date) => `${prefix}{${key}}:${windowStart.getTime()}`;

  async function runHit(keys: [string, string], ttlMs: number): Promise<unknown> {
    try {
      return await client.evalsha(HIT_SHA, 2, ...keys, ttlMs);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes("NOSCRIPT")) throw error;
      return client.eval(HIT_SCRIPT, 2, ...keys, ttlMs);
    }
  }

  async function hitOne(rule: RateLimitRule, now: Date): Promise<WindowCounts> {
    const { windowStart, previousStart, expiresAt } = windowBounds(rule.windowSeconds, now);
    // Relative expiry, from the caller's clock: `now` may be a test's fixed time.
    const ttlMs = Math.max(1000, expiresAt.getTime() - now.getTime());
    const reply = await runHit(
      [keyFor(rule.key, windowStart), keyFor(rule.key, previousStart)],
      ttlMs,
    );
    if (!Array.isArray(reply) || reply.length !== 2) {
      throw new Error("Unexpected reply from the rate-limit script");
    }
    return { current: Number(reply[0]), previous: Number(reply[1]) };
  }

  return {
    name: "redis",
    // The commands of one call are written together (ioredis pipelines what it is given
    // before the first answer arrives): one round trip for all the rules.
    hit: (rules: RateLimitRule[], now: Date) => Promise.all(rules.map((rule) => hitOne(rule, now))),
    async reset(rule: RateLimitRule, now: Date): Promise<void> {
      const { windowStart, previousStart } = windowBounds(rule.windowSeconds, now);
      await client.del(keyFor(rule.key, windowStart), keyFor(rule.key, previousStart));
    },
    ping: () => client.ping(),
    async close() {
      client.disconnect();
    },
  };
}
