// What the per-request observation of scripts/server.ts costs (request id, X-Request-Id header,
// histogram observation, one JSON log line): `npm run bench:request-log`.
//   1. The same trivial handler on two loopback HTTP servers, bare and wrapped by
//      observeRequests (log lines to /dev/null, as to a log shipper's pipe), loaded alternately
//      with keep-alive requests: requests per second and CPU microseconds per request.
//   2. The observation alone, in a loop: CPU microseconds per request, without HTTP noise.
// Figures are printed, not asserted: they depend on the machine and its load.
import { createServer, Agent, request, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { observeRequests } from "../lib/http/observe-requests";
import { buildRouteTable, routeOf } from "../lib/http/route-table";
import { createLogger } from "../lib/log/logger";
import { metrics } from "../lib/metrics/metrics";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONCURRENCY = 16;
const ROUNDS = 3;

const routes = buildRouteTable([
  "api/health/route.ts",
  "api/v1/subscribers/[subscriberId]/route.ts",
]);
// Reads the headers as Next.js does, so that building req.headers is not counted as our cost.
const handler: RequestListener = (req, res) => {
  void req.headers["user-agent"];
  res.setHeader("Content-Type", "application/json");
  res.end('{"status":"ok"}');
};
const logger = createLogger({
  level: "info",
  destination: pino.destination({ dest: "/dev/null", sync: true }),
});
const observed = observeRequests(handler, {
  trustProxy: false,
  routeOf: (url) => routeOf(routes, url),
  logger,
});

async function listen(listener: RequestListener): Promise<{ server: Server; port: number }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function load(port: number): Promise<{ perSecond: number; cpuMicros: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let sent = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        { host: "127.0.0.1", port, path: `/api/v1/subscribers/ck${sent}`, agent },
        (res) => {
          res.resume();
          res.on("end", resolve);
        },
      );
      req.on("error", reject);
      req.end();
    });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < REQUESTS) {
        sent += 1;
        await one();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  // Client and server share this process: CPU per request covers both sides, equally for both.
  return { perSecond: REQUESTS / seconds, cpuMicros: (used.user + used.system) / REQUESTS };
}

function observationOnly(count: number): number {
  // A stand-in for req/res with what observeRequests touches.
  const fake = () => {
    const listeners: (() => void)[] = [];
    const res = {
      statusCode: 200,
      writableFinished: true,
      setHeader: () => {},
      once: (_event: string, listener: () => void) => listeners.push(listener),
    };
    const req = {
      headers: {} as Record<string, string>,
      method: "GET",
      url: "/api/v1/subscribers/ck1",
    };
    return { req, res, close: () => listeners.forEach((listener) => listener()) };
  };
  const wrapped = observeRequests(() => {}, {
    trustProxy: false,
    routeOf: (url) => routeOf(routes, url),
    logger,
  }) as unknown as (req: unknown, res: unknown) => void;
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const { req, res, close } = fake();
    wrapped(req, res);
    close();
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / count;
}

const bare = await listen(handler);
const wrapped = await listen(observed);
await load(bare.port); // warm up both
await load(wrapped.port);
type Run = Awaited<ReturnType<typeof load>>;
const results = { bare: [] as Run[], observed: [] as Run[] };
for (let round = 0; round < ROUNDS; round++) {
  results.bare.push(await load(bare.port));
  results.observed.push(await load(wrapped.port));
}
bare.server.close();
wrapped.server.close();
observationOnly(20_000); // warm up
const alone = [observationOnly(100_000), observationOnly(100_000), observationOnly(100_000)];

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const show = (name: string, runs: Run[]) =>
  console.log(
    `  ${name.padEnd(9)} ${median(runs.map((run) => run.perSecond))
      .toFixed(0)
      .padStart(7)} req/s   ` +
      `${median(runs.map((run) => run.cpuMicros))
        .toFixed(1)
        .padStart(6)} µs CPU/request   ` +
      `(runs: ${runs.map((run) => run.perSecond.toFixed(0)).join(", ")} req/s)`,
  );
console.log(
  `\n[bench] ${REQUESTS} keep-alive GETs × ${ROUNDS} rounds, ${CONCURRENCY} at a time, loopback, one process`,
);
show("bare", results.bare);
show("observed", results.observed);
console.log(
  `[bench] observation alone (id, header, histogram, JSON line to /dev/null): ` +
    `${median(alone).toFixed(2)} µs CPU/request (runs: ${alone.map((v) => v.toFixed(2)).join(", ")})`,
);
console.log(
  `[bench] histogram series now: ${(await metrics.registry.getMetricsAsJSON()).find((m) => m.name === "optline_http_request_duration_seconds")?.values.length ?? 0} values (bounded by route × status)\n`,
);
