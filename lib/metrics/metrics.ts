// Prometheus metrics (prom-client), served at /api/metrics when METRICS_TOKEN is set. Code that
// has something to count does it in one line (`metrics.signups.inc({ result })`): a counter
// increment is a few hundred nanoseconds, so hot paths can afford it.
//
// Label values come from closed sets (route patterns, error codes, intents), never from
// input, so the number of series stays bounded whatever the traffic.
//
// Kept on globalThis: scripts/server.ts (tsx) and the Next.js bundle each load this module,
// and must count into one registry. prom-client itself is loaded from node_modules by both
// (next.config.mjs serverExternalPackages). Under node:cluster each worker has its own
// registry and cluster-metrics.ts adds them up; gauges read from the database say how to
// combine ("max": every worker reads the same table).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { AppError } from "@/lib/errors";
import { coalesce } from "@/lib/ops/with-timeout";

export interface OutboxStats {
  /** QUEUED outbound messages (due now or waiting for a retry). */
  depth: number;
  /** Seconds since the oldest of them was queued; 0 when the outbox is empty. */
  oldestAgeSeconds: number;
}

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const counter = <Label extends string>(name: string, help: string, labelNames: Label[]) =>
    new Counter<Label>({ name, help, labelNames, registers });

  let readOutboxStats: (() => Promise<OutboxStats | null>) | null = null;
  // Both outbox gauges are filled from one query per scrape (prom-client collects them together).
  const outboxStats = coalesce(() => readOutboxStats?.() ?? Promise.resolve(null));
  // NaN (unknown) when the database could not be read; "max" across cluster workers, which
  // all read the same table.
  const outboxGauge = (name: string, help: string, field: keyof OutboxStats) =>
    new Gauge({
      name,
      help,
      registers,
      aggregator: "max",
      async collect() {
        const stats = await outboxStats();
        this.set(stats ? stats[field] : Number.NaN);
      },
    });

  return {
    registry,
    /** Filled by scripts/server.ts for every request; its _count is requests by route and status. */
    httpRequestDuration: new Histogram<"method" | "route" | "status">({
      name: "optline_http_request_duration_seconds",
      help: "HTTP requests by method, route pattern and status, with their duration in seconds",
      labelNames: ["method", "route", "status"],
      registers,
    }),
    signups: counter(
      "optline_signups_total",
      "Signup form submissions by result: pending, repeat_pending, already_confirmed, honeypot, or the error code of a refusal",
      ["result"],
    ),
    confirmations: counter(
      "optline_confirmations_total",
      "Confirmations by method (sms_reply, code) and result (confirmed, approved, or why a code was refused)",
      ["method", "result"],
    ),
    inboundSms: counter(
      "optline_inbound_sms_total",
      "Inbound SMS by intent (confirm, opt_out, opt_in, help, other) and duplicate webhooks",
      ["intent"],
    ),
    smsSendAttempts: counter(
      "optline_sms_send_attempts_total",
      "Outbox send attempts by provider and message kind",
      ["provider", "kind"],
    ),
    smsSendFailures: counter(
      "optline_sms_send_failures_total",
      "Failed send attempts by provider error code (none: no code) and whether the message will be retried",
      ["error_code", "will_retry"],
    ),
    rateLimitRefusals: counter(
      "optline_rate_limit_refusals_total",
      "Requests refused by a rate limit, by rule (signup:ip, login:email, webhook:ip…)",
      ["rule"],
    ),
    riskBlocksPlaced: counter(
      "optline_risk_blocks_placed_total",
      "SMS-pumping blocks placed or extended, by target kind and reason",
      ["kind", "reason"],
    ),
    riskBlockedRequests: counter(
      "optline_risk_blocked_requests_total",
      "Requests refused because their IP, number, prefix or country is blocked",
      ["kind"],
    ),
    outboxDepth: outboxGauge(
      "optline_outbox_depth",
      "Outbound SMS queued in the outbox (read from the database at scrape time)",
      "depth",
    ),
    outboxOldestAge: outboxGauge(
      "optline_outbox_oldest_queued_age_seconds",
      "Age of the oldest queued outbound SMS in seconds (read from the database at scrape time)",
      "oldestAgeSeconds",
    ),
    /** The database side registers how to read the outbox (this module stays database-free). */
    setOutboxStatsReader(reader: () => Promise<OutboxStats | null>) {
      readOutboxStats = reader;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as typeof globalThis & { __optlineMetrics?: Metrics };

export const metrics: Metrics = (globalForMetrics.__optlineMetrics ??= createMetrics());

// The second part of a rate-limit key when it names what is counted ("signup:ip:…"); otherwise
// the second part is the value itself ("api:<key id>") and only the first part is kept.
const RULE_DIMENSIONS = new Set(["ip", "phone", "email", "refused", "country", "prefix", "code"]);

/** "signup:ip:203.0.113.9" -> "signup:ip", "api:ck3…" -> "api": a rule's name, never its value. */
export function rateLimitRuleName(key: string): string {
  const [scope = "", dimension = ""] = key.split(":", 2);
  return RULE_DIMENSIONS.has(dimension) ? `${scope}:${dimension}` : scope;
}

/** A refusal's result label: the AppError code in lower case, or "error" for anything else. */
export function refusalResult(error: unknown): string {
  return error instanceof AppError ? error.code.toLowerCase() : "error";
}
