// Wraps the HTTP server's handler (scripts/server.ts): every request gets a request id
// (returned as X-Request-Id and passed on to the app), one log line when it ends (method,
// route pattern, status, duration, request id) and one observation in the latency histogram.
// Per request that is a UUID, a timestamp, a listener, one histogram observation and one
// log line: nothing that waits on anything.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { metrics } from "@/lib/metrics/metrics";

// What a proxy's request id may look like (UUIDs, hex, base64): anything else is replaced.
const REQUEST_ID = /^[\w.:@+=/-]{1,128}$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// Load balancers and Prometheus call these every few seconds: debug level, unless they fail.
const PROBES = new Set(["/api/health", "/api/ready", "/api/metrics"]);
/** The status logged and counted when the client went away before the response was complete. */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * The proxy's X-Request-Id when a trusted proxy sent one (so one id follows the request
 * through the proxy's logs and ours), otherwise a new one: a client must not pick ids that
 * collide with other requests' log lines.
 */
export function chooseRequestId(
  header: string | string[] | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && typeof header === "string" && REQUEST_ID.test(header)) return header;
  return randomUUID();
}

export interface ObserveRequestsOptions {
  trustProxy: boolean;
  /** The route pattern of a request URL (route-table.ts). */
  routeOf: (url: string) => string;
  logger: Logger;
}

export function observeRequests(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  { trustProxy, routeOf, logger }: ObserveRequestsOptions,
): RequestListener {
  return (req, res) => {
    const started = performance.now();
    const reqId = chooseRequestId(req.headers["x-request-id"], trustProxy);
    req.headers["x-request-id"] = reqId;
    res.setHeader("X-Request-Id", reqId);
    res.once("close", () => {
      const durationMs = performance.now() - started;
      const method = METHODS.has(req.method ?? "") ? (req.method as string) : "OTHER";
      const route = routeOf(req.url ?? "/");
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST;
      metrics.httpRequestDuration.observe(
        { method, route, status: String(status) },
        durationMs / 1000,
      );
      const line = {
        event: "http.request",
        reqId,
        method,
        route,
        status,
        durationMs: Math.round(durationMs * 10) / 10,
      };
      if (status >= 500) logger.error(line, "request");
      else if (PROBES.has(route)) logger.debug(line, "request");
      else logger.info(line, "request");
    });
    handler(req, res);
  };
}
