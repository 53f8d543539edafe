// The HTTP server in front of Next.js. It decides the client IP (used for rate limits and
// recorded as consent evidence) before Next.js sees the request: Next.js keeps any
// X-Forwarded-For a client sends, so without this a caller could pick their own IP.
// TRUST_PROXY=true means exactly one trusted proxy (load balancer) in front.
// It also gives every request its id, log line and latency observation (observe-requests.ts),
// because only here is the whole request visible, from first byte to last.
// At shutdown it drains: no new connection is accepted, requests under way finish, and a
// request that arrives on a kept-alive connection meanwhile gets a 503 before it starts.
// The public signup and Twilio's SMS webhook skip Next.js's pipeline (direct-routes.ts).
import { createServer, type ServerResponse } from "node:http";
import next from "next";
import { clientAddress } from "../lib/http/client-address";
import { serveDirect } from "../lib/http/direct-routes";
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

export interface RunningServer {
  /**
   * Stops accepting connections and waits for the requests under way, at most `timeoutMs`;
   * then closes every connection. Resolves with the number of requests cut off (0: drained).
   */
  drain(timeoutMs: number): Promise<number>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const app = next({ dev: options.dev, hostname: options.hostname, port: options.port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const routes = readRouteTable(process.cwd());
  joinClusterMetrics();
  const inProgress = new Set<ServerResponse>();
  let draining = false;
  let onIdle = () => {};
  const server = createServer(
    observeRequests(
      (req, res) => {
        if (draining) {
          res.writeHead(503, {
            "Content-Type": "text/plain; charset=utf-8",
            "Retry-After": "1",
            Connection: "close",
          });
          res.end("This server is shutting down; try again.\n");
          return;
        }
        inProgress.add(res);
        res.once("close", () => {
          inProgress.delete(res);
          if (!draining) return;
          // Its connection is idle now: close it, so the client's next request opens a new
          // connection (to a server that is not stopping).
          server.closeIdleConnections();
          if (inProgress.size === 0) onIdle();
        });
        req.headers["x-forwarded-for"] = clientAddress(
          req.socket.remoteAddress,
          req.headers["x-forwarded-for"],
          options.trustProxy,
        );
        if (!options.trustProxy) {
          delete req.headers["x-forwarded-host"];
          delete req.headers["x-forwarded-proto"];
        }
        if (options.dev || !serveDirect(req, res)) void handle(req, res);
      },
      {
        trustProxy: options.trustProxy,
        routeOf: (url) => routeOf(routes, url),
        logger: getLogger(),
      },
    ),
  );
  // Idle keep-alive connections stay open longer than a load balancer's idle timeout (60 s
  // on common ones): if the server closed first, a request the balancer (or any client) sent
  // on the connection at that moment would fail with a reset (seen with Node's 5 s default).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  return {
    async drain(timeoutMs) {
      draining = true;
      server.close();
      for (const res of inProgress) {
        if (!res.headersSent) res.shouldKeepAlive = false;
      }
      server.closeIdleConnections();
      if (inProgress.size > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          onIdle = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const cutOff = inProgress.size;
      server.closeAllConnections();
      return cutOff;
    },
  };
}
