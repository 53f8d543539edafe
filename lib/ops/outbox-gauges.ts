// The outbox gauges' database side: depth and oldest queued age (QUEUED, and SENDING: a send
// whose outcome is not recorded yet is still the outbox's), read at scrape time with one
// query on the (status, nextAttemptAt) index, time-boxed so a slow database cannot hold the
// scrape. Installed in every server process (instrumentation.ts), because under node:cluster
// the primary asks each worker for its metrics.
import "server-only";
import { getConnection } from "@/lib/db/client";
import { log } from "@/lib/log/logger";
import { metrics, type OutboxStats } from "@/lib/metrics/metrics";
import { withTimeout } from "./with-timeout";

const SCRAPE_QUERY_TIMEOUT_MS = 1000;

export async function readOutboxStats(): Promise<OutboxStats> {
  const [row] = await getConnection().raw.query<{ depth: number; oldest: number | null }>(
    `SELECT count(*)::int AS "depth",
            EXTRACT(EPOCH FROM (now() - min("createdAt")))::float8 AS "oldest"
     FROM "Message" WHERE "status" IN ('QUEUED', 'SENDING')`,
  );
  return { depth: Number(row?.depth ?? 0), oldestAgeSeconds: Math.max(0, row?.oldest ?? 0) };
}

export function installOutboxGauges(): void {
  metrics.setOutboxStatsReader(async () => {
    try {
      return await withTimeout(readOutboxStats(), SCRAPE_QUERY_TIMEOUT_MS);
    } catch (err) {
      // The gauges read NaN (unknown) for this scrape; the scrape itself still succeeds.
      log.warn({ event: "metrics.outbox_stats_failed", err }, "could not read outbox stats");
      return null;
    }
  });
}
