// Readiness of this process (GET /api/ready): may the load balancer send it traffic? The
// database answers and has every migration this code expects, and this process's outbox
// worker finished a pass within the last minute. One small SQL query through the raw
// connection (no Prisma query builder), each check time-boxed, concurrent probes share one
// run. Details are fixed words, never a driver's error text (it can name hosts and users).
//
// Redis (when REDIS_URL is set) is reported but does not make the process unready: the rate
// limiter falls back to the database when Redis fails, so the app still works, and since every
// server shares the one Redis, failing readiness on it would take all of them out at once.
import "server-only";
import { getConnection } from "@/lib/db/client";
import { readMigrationFiles } from "@/lib/db/migrate";
import { getEnv } from "@/lib/env";
import { pingRateLimitRedis } from "@/lib/rate-limit/rate-limit-store";
import { outboxWorkerRanAt } from "./outbox-heartbeat";
import { coalesce, TimeoutError, withTimeout } from "./with-timeout";

/** A load balancer typically waits 2–5 s for a probe; answer well within it. */
export const READINESS_CHECK_TIMEOUT_MS = 1000;
/** The worker polls every OUTBOX_POLL_MS (2 s by default); a minute of silence is a stuck one. */
export const OUTBOX_WORKER_MAX_SILENCE_MS = 60_000;

export interface ReadinessCheck {
  ok: boolean;
  /** A short, fixed description: "up", "timeout", "2 pending", "off"… */
  detail: string;
  /** False for checks that are reported but do not decide readiness. */
  required: boolean;
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, ReadinessCheck>;
}

let expectedMigrations: string[] | null = null;

function expected(): string[] {
  return (expectedMigrations ??= readMigrationFiles().map((file) => file.name));
}

async function checkDatabase(): Promise<{ database: ReadinessCheck; migrations: ReadinessCheck }> {
  try {
    const rows = await withTimeout(
      getConnection().raw.query<{ migration_name: string }>(
        `SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`,
      ),
      READINESS_CHECK_TIMEOUT_MS,
    );
    const applied = new Set(rows.map((row) => row.migration_name));
    const pending = expected().filter((name) => !applied.has(name)).length;
    return {
      database: { ok: true, detail: "up", required: true },
      migrations: {
        ok: pending === 0,
        detail: pending === 0 ? "all applied" : `${pending} pending`,
        required: true,
      },
    };
  } catch (error) {
    // undefined_table: the database answered, but was never migrated.
    if ((error as { code?: unknown }).code === "42P01") {
      return {
        database: { ok: true, detail: "up", required: true },
        migrations: { ok: false, detail: `${expected().length} pending`, required: true },
      };
    }
    return {
      database: { ok: false, detail: failureWord(error), required: true },
      migrations: { ok: false, detail: "unknown", required: true },
    };
  }
}

function checkOutboxWorker(now: number): ReadinessCheck {
  if (getEnv().OUTBOX_WORKER === "off") return { ok: true, detail: "off", required: true };
  const ranAt = outboxWorkerRanAt();
  if (ranAt === null) return { ok: false, detail: "not run yet", required: true };
  const silentSeconds = Math.round((now - ranAt) / 1000);
  return {
    ok: now - ranAt <= OUTBOX_WORKER_MAX_SILENCE_MS,
    detail: `last pass ${silentSeconds} s ago`,
    required: true,
  };
}

async function checkRedis(url: string): Promise<ReadinessCheck> {
  try {
    await withTimeout(pingRateLimitRedis(url), READINESS_CHECK_TIMEOUT_MS);
    return { ok: true, detail: "up", required: false };
  } catch (error) {
    return { ok: false, detail: `${failureWord(error)} (database fallback)`, required: false };
  }
}

const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH"]);

function failureWord(error: unknown): string {
  if (error instanceof TimeoutError) return "timeout";
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && CONNECTION_ERRORS.has(code) ? "unreachable" : "error";
}

export const checkReadiness = coalesce(async (): Promise<Readiness> => {
  const redisUrl = getEnv().REDIS_URL;
  const [database, redis] = await Promise.all([
    checkDatabase(),
    redisUrl ? checkRedis(redisUrl) : null,
  ]);
  const checks: Record<string, ReadinessCheck> = {
    ...database,
    outboxWorker: checkOutboxWorker(Date.now()),
    ...(redis ? { redis } : {}),
  };
  const ready = Object.values(checks).every((check) => check.ok || !check.required);
  return { ready, checks };
});
