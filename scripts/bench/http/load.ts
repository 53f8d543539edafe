// A closed-loop load generator: `concurrency` clients, each sending its next request as soon as
// the previous answer has arrived, over keep-alive connections, for a fixed time. Records
// every latency, so percentiles are exact.
import { Agent, request } from "node:http";

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Status code → count, for what was not the expected status. */
  unexpected: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  baseUrl: string;
  concurrency: number;
  seconds: number;
  expectStatus: number;
  /** The next request; null when there is nothing left to send. */
  next: () => LoadRequest | null;
  /** Called for each answered request (e.g. to remember which numbers signed up). */
  onAnswer?: (request: LoadRequest, status: number) => void;
}

function send(agent: Agent, url: URL, load: LoadRequest): Promise<{ status: number; ms: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: "POST",
        path: load.path,
        headers: { ...load.headers, "Content-Length": Buffer.byteLength(load.body) },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
      },
    );
    req.on("error", () =>
      resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
    );
    req.end(load.body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  const unexpected: Record<string, number> = {};
  let errors = 0;
  const started = Date.now();
  const deadline = started + options.seconds * 1000;

  const client = async () => {
    while (Date.now() < deadline) {
      const next = options.next();
      if (!next) return;
      const { status, ms } = await send(agent, url, next);
      latencies.push(ms);
      options.onAnswer?.(next, status);
      if (status !== options.expectStatus) {
        errors += 1;
        unexpected[String(status)] = (unexpected[String(status)] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = (Date.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    unexpected,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}
