// Metrics when `npm start` runs several worker processes (node:cluster): a scrape lands on
// any one worker, and must see the whole server. The worker asks the primary over the cluster
// IPC channel; the primary asks every worker for its registry (prom-client's
// AggregatorRegistry) and sends the sum back. Counters and histograms add up; the outbox
// gauges, which every worker reads from the same table, take the max (metrics.ts).
// Without node:cluster, the process serves its own registry.
import cluster, { type Worker } from "node:cluster";
import { randomUUID } from "node:crypto";
import { AggregatorRegistry } from "prom-client";
import { withTimeout } from "@/lib/ops/with-timeout";
import { metrics } from "./metrics";

const REQUEST = "optline:metrics:request";
const RESPONSE = "optline:metrics:response";
// prom-client's primary gives up on silent workers after 5 s.
const CLUSTER_SCRAPE_TIMEOUT_MS = 7000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: string;
}
interface MetricsResponse {
  type: typeof RESPONSE;
  id: string;
  text?: string;
  error?: string;
}

function isMessage<T extends { type: string }>(message: unknown, type: T["type"]): message is T {
  return (message as { type?: unknown } | null)?.type === type;
}

/** In the cluster primary, once: answers workers that are asked for the whole server's metrics. */
export function serveClusterMetrics(): () => void {
  const aggregator = new AggregatorRegistry();
  const onMessage = (worker: Worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: RESPONSE, id: message.id, text } satisfies MetricsResponse),
      (error: Error) =>
        worker.send({
          type: RESPONSE,
          id: message.id,
          error: error.message,
        } satisfies MetricsResponse),
    );
  };
  cluster.on("message", onMessage);
  return () => cluster.off("message", onMessage);
}

/** In each worker, at start: hand this process's registry to the primary when it asks. */
export function joinClusterMetrics(): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries([metrics.registry]);
  // Constructing one installs prom-client's listener for the primary's requests.
  new AggregatorRegistry();
}

const pending = new Map<string, (response: MetricsResponse) => void>();
let listening = false;

function askPrimary(): Promise<string> {
  const send = process.send?.bind(process);
  if (!send) return Promise.reject(new Error("no IPC channel to the cluster primary"));
  if (!listening) {
    listening = true;
    process.on("message", (message: unknown) => {
      if (isMessage<MetricsResponse>(message, RESPONSE)) pending.get(message.id)?.(message);
    });
  }
  const id = randomUUID();
  const answer = new Promise<string>((resolve, reject) => {
    pending.set(id, (response) =>
      response.error === undefined
        ? resolve(response.text ?? "")
        : reject(new Error(response.error)),
    );
  });
  send({ type: REQUEST, id } satisfies MetricsRequest);
  return withTimeout(answer, CLUSTER_SCRAPE_TIMEOUT_MS).finally(() => pending.delete(id));
}

/** The Prometheus text for a scrape: the whole cluster's from a worker, else this process's. */
export async function renderMetrics(): Promise<{ text: string; contentType: string }> {
  const contentType = metrics.registry.contentType;
  if (cluster.isWorker) return { text: await askPrimary(), contentType };
  return { text: await metrics.registry.metrics(), contentType };
}
