// The HTTP server in front of Next.js. It decides the client IP (used for rate limits and
// recorded as consent evidence) before Next.js sees the request: Next.js keeps any
// X-Forwarded-For a client sends, so without this a caller could pick their own IP.
// TRUST_PROXY=true means exactly one trusted proxy (load balancer) in front.
// It also gives every request its id, log line and latency observation (observe-requests.ts),
// because only here is the whole request visible, from first byte to last.
import { createServer } from "node:http";
import next from "next";
import { clientAddress } from "../lib/http/client-address";
import { observeRequests } from "../lib/http/observe-requests";
import { readRouteTable, routeOf } from "../lib/http/route-table";
import { getLogger } from "../lib/log/logger";
import { joinClusterMetrics } from "../lib/metrics/cluster-metrics";

export interface StartServerOptions {
  dev: boolean;
  port: number;
  hostname: string;
  trustProxy: boolean;
}

export async function startServer(options: StartServerOptions) {
  const app = next({ dev: options.dev, hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const routes = readRouteTable(process.cwd());
  joinClusterMetrics();
  const server = createServer(
    observeRequests(
      (req, res) => {
        req.headers["x-forwarded-for"] = clientAddress(
          req.socket.remoteAddress,
          req.headers["x-forwarded-for"],
          options.trustProxy,
        );
        if (!options.trustProxy) {
          delete req.headers["x-forwarded-host"];
          delete req.headers["x-forwarded-proto"];
        }
        void handle(req, res);
      },
      {
        trustProxy: options.trustProxy,
        routeOf: (url) => routeOf(routes, url),
        logger: getLogger(),
      },
    ),
  );
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  return server;
}
