// A node:cluster of two workers, as `npm start` runs on PostgreSQL: each worker counts on its
// own, worker 1 is scraped, and prints what the scrape saw. Run by
// lib/metrics/cluster-metrics.test.ts (node --import tsx).
import cluster from "node:cluster";
import {
  joinClusterMetrics,
  renderMetrics,
  serveClusterMetrics,
} from "@/lib/metrics/cluster-metrics";
import { metrics } from "@/lib/metrics/metrics";

type Message = { type: "ready" } | { type: "scrape" } | { type: "scraped"; text: string };

if (cluster.isPrimary) {
  serveClusterMetrics();
  const workers = [1, 2].map((n) => cluster.fork({ FIXTURE_WORKER: String(n) }));
  let ready = 0;
  cluster.on("message", (_worker, message: Message) => {
    if (message.type === "ready" && ++ready === workers.length)
      workers[0]!.send({ type: "scrape" });
    if (message.type === "scraped") {
      process.stdout.write(message.text);
      for (const worker of workers) worker.kill();
      process.exitCode = 0;
    }
  });
  setTimeout(() => process.exit(2), 20_000).unref();
} else {
  const n = Number(process.env.FIXTURE_WORKER);
  joinClusterMetrics();
  metrics.signups.inc({ result: "pending" }, n); // 1 + 2 across the cluster
  metrics.setOutboxStatsReader(async () => ({ depth: 7, oldestAgeSeconds: 10 * n }));
  process.on("message", (message: Message) => {
    if (message.type !== "scrape") return;
    void renderMetrics().then(({ text }) => process.send!({ type: "scraped", text }));
  });
  process.send!({ type: "ready" });
}
