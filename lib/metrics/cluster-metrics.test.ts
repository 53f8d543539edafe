// Metrics under node:cluster: a scrape that lands on one worker sees the whole server.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { renderMetrics } from "./cluster-metrics";
import { metrics } from "./metrics";

const run = promisify(execFile);

function value(text: string, series: string): number {
  const line = text.split("\n").find((entry) => entry.startsWith(`${series} `));
  if (!line) throw new Error(`no ${series} in:\n${text}`);
  return Number(line.slice(series.length + 1));
}

describe("cluster metrics", () => {
  it("adds up counters across workers and takes the max of database gauges", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "tests/support/cluster-metrics-fixture.ts"],
      { timeout: 30_000 },
    );
    expect(value(stdout, 'optline_signups_total{result="pending"}')).toBe(3);
    expect(value(stdout, "optline_outbox_depth")).toBe(7);
    expect(value(stdout, "optline_outbox_oldest_queued_age_seconds")).toBe(20);
  }, 40_000);

  it("serves the process's own registry when there is no cluster", async () => {
    metrics.confirmations.inc({ method: "code", result: "expired" });
    const { text, contentType } = await renderMetrics();
    expect(contentType).toMatch(/^text\/plain/);
    expect(value(text, 'optline_confirmations_total{method="code",result="expired"}')).toBe(1);
  });
});
