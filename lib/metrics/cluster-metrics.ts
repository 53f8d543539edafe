// Metrics when `npm start` runs several worker processes (node:cluster): a scrape lands on
// any one worker, and must see the whole server. The worker asks the primary over the cluster
// IPC channel; the primary asks every worker that has joined for its registry (as JSON) and
// sends back their sum (prom-client's AggregatorRegistry.aggregate): counters and histograms
// add up; the outbox gauges, which every worker reads from the same table, take the max
// (metrics.ts). A worker joins once its registry can answer (scripts/server.ts, before it
// listens), so a worker still starting, or just replaced, does not hold up a scrape.
// Without node:cluster, the process serves its own registry.
import cluster, { type Worker } from "node:cluster";
import { randomUUID } from "node:crypto";
import { AggregatorRegistry } from "prom-client";
import { withTimeout } from "@/lib/ops/with-timeout";
import { metrics } from "./metrics";

const JOINED = "optline:metrics:joined";
const REQUEST = "optline:metrics:request";
const RESPONSE = "optline:metrics:response";
const COLLECT = "optline:metrics:collect";
const COLLECTED = "optline:metrics:collected";
// Below a Prometheus scrape's default 10 s timeout.
const CLUSTER_SCRAPE_TIMEOUT_MS = 5000;

type Message =
  | { type: typeof JOINED }
  | { type: typeof REQUEST; id: string }
  | { type: typeof RESPONSE; id: string; text?: string; error?: string }
  | { type: typeof COLLECT; id: string }
  | { type: typeof COLLECTED; id: string; metrics: object[] };

function isMessage<T extends Message["type"]>(
  message: unknown,
  type: T,
): message is Extract<Message, { type: T }> {
  return (message as { type?: unknown } | null)?.type === type;
}

/** In the cluster primary, once: answers workers that are asked for the whole server's metrics. */
export function serveClusterMetrics(): () => void {
  const joined = new Set<Worker>();
  const collecting = new Map<string, (registry: object[]) => void>();

  const collect = async (): Promise<string> => {
    const id = randomUUID();
    const workers = [...joined];
    const answers = workers.map(
      (worker) =>
        new Promise<object[]>((resolve) => {
          collecting.set(`${id}:${worker.id}`, resolve);
          worker.send({ type: COLLECT, id } satisfies Message);
        }),
    );
    try {
      const registries = await withTimeout(Promise.all(answers), CLUSTER_SCRAPE_TIMEOUT_MS);
      return await AggregatorRegistry.aggregate(registries).metrics();
    } finally {
      for (const worker of workers) collecting.delete(`${id}:${worker.id}`);
    }
  };

  const onMessage = (worker: Worker, message: unknown) => {
    if (isMessage(message, JOINED)) joined.add(worker);
    if (isMessage(message, COLLECTED))
      collecting.get(`${message.id}:${worker.id}`)?.(message.metrics);
    if (!isMessage(message, REQUEST)) return;
    const reply = (answer: { text?: string; error?: string }) => {
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...answer });
    };
    collect().then(
      (text) => reply({ text }),
      (error: Error) => reply({ error: error.message }),
    );
  };
  const onExit = (worker: Worker) => joined.delete(worker);
  cluster.on("message", onMessage);
  cluster.on("exit", onExit);
  return () => {
    cluster.off("message", onMessage);
    cluster.off("exit", onExit);
  };
}

/** In each worker, once its registry is ready: answer the primary's requests for it. */
export function joinClusterMetrics(): void {
  if (!cluster.isWorker) return;
  process.on("message", (message: unknown) => {
    if (!isMessage(message, COLLECT)) return;
    void metrics.registry
      .getMetricsAsJSON()
      .then((json) =>
        process.send?.({ type: COLLECTED, id: message.id, metrics: json } satisfies Message),
      );
  });
  process.send?.({ type: JOINED } satisfies Message);
}

// Per copy of this module (scripts/server.ts and the Next.js bundle each load one): the
// answers to this copy's requests.
const pending = new Map<string, (response: Extract<Message, { type: typeof RESPONSE }>) => void>();
let awaitingAnswers = false;

function askPrimary(): Promise<string> {
  const send = process.send?.bind(process);
  if (!send) return Promise.reject(new Error("no IPC channel to the cluster primary"));
  if (!awaitingAnswers) {
    awaitingAnswers = true;
    process.on("message", (message: unknown) => {
      if (isMessage(message, RESPONSE)) pending.get(message.id)?.(message);
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
  send({ type: REQUEST, id } satisfies Message);
  // A little longer than the primary's own wait, so that its error is the one reported.
  return withTimeout(answer, CLUSTER_SCRAPE_TIMEOUT_MS + 2000).finally(() => pending.delete(id));
}

/** The Prometheus text for a scrape: the whole cluster's from a worker, else this process's. */
export async function renderMetrics(): Promise<{ text: string; contentType: string }> {
  const contentType = metrics.registry.contentType;
  if (cluster.isWorker) return { text: await askPrimary(), contentType };
  return { text: await metrics.registry.metrics(), contentType };
}
