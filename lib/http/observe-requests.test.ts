// The request line, request id and latency histogram of scripts/server.ts, on a real HTTP
// server (the handler stands in for Next.js).
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { metrics } from "@/lib/metrics/metrics";
import { captureLogger } from "@/tests/support/capture-logs";
import { CLIENT_CLOSED_REQUEST, chooseRequestId, observeRequests } from "./observe-requests";
import { buildRouteTable, routeOf } from "./route-table";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const routes = buildRouteTable([
  "api/health/route.ts",
  "api/v1/subscribers/[subscriberId]/route.ts",
  "api/slow/route.ts",
]);

let server: Server | undefined;
async function stop() {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}
afterEach(stop);

async function start(trustProxy: boolean, level = "info") {
  const logs = captureLogger(level);
  const seenIds: (string | undefined)[] = [];
  server = createServer(
    observeRequests(
      (req, res) => {
        seenIds.push(req.headers["x-request-id"] as string | undefined);
        if (req.url?.startsWith("/api/slow")) {
          res.writeHead(200);
          res.write("partial");
          return; // never ends: the client gives up
        }
        res.statusCode = req.url?.includes("missing") ? 404 : req.url?.includes("boom") ? 500 : 200;
        res.end("ok");
      },
      { trustProxy, routeOf: (url) => routeOf(routes, url), logger: logs.logger },
    ),
  );
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { logs, seenIds, base };
}

/** The line is written when the response closes, just after the client has read it. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
}

function histogramCount(route: string, status: string): number {
  const series = (
    metrics.httpRequestDuration as unknown as {
      hashMap: Record<string, { labels: Record<string, string>; count: number }>;
    }
  ).hashMap;
  return Object.values(series)
    .filter((entry) => entry.labels.route === route && entry.labels.status === status)
    .reduce((sum, entry) => sum + entry.count, 0);
}

describe("observeRequests", () => {
  it("logs one line per request with method, route pattern, status, duration and id", async () => {
    const { logs, seenIds, base } = await start(false);
    const response = await fetch(`${base}/api/v1/subscribers/ck9secret?phone=%2B12015550123`);
    await response.text();
    await until(() => logs.lines.length === 1);

    const reqId = response.headers.get("x-request-id");
    expect(reqId).toMatch(UUID);
    expect(seenIds).toEqual([reqId]);
    expect(logs.lines).toHaveLength(1);
    const line = logs.lines[0]!;
    expect(line).toMatchObject({
      level: "info",
      msg: "request",
      event: "http.request",
      reqId,
      method: "GET",
      route: "/api/v1/subscribers/[subscriberId]",
      status: 200,
    });
    expect(typeof line.durationMs).toBe("number");
    // The raw URL (ids, query strings with numbers) is never logged.
    expect(logs.text()).not.toContain("ck9secret");
    expect(logs.text()).not.toContain("12015550123");
  });

  it("counts each request in the latency histogram by route pattern and status", async () => {
    const { base } = await start(false);
    const before = histogramCount("/api/v1/subscribers/[subscriberId]", "404");
    for (const id of ["a-missing", "b-missing", "c-missing"])
      await (await fetch(`${base}/api/v1/subscribers/${id}`)).text();
    await until(() => histogramCount("/api/v1/subscribers/[subscriberId]", "404") === before + 3);
    expect(histogramCount("/api/v1/subscribers/[subscriberId]", "404")).toBe(before + 3);
  });

  it("logs 5xx at error level and probes at debug level", async () => {
    const { logs, base } = await start(false, "debug");
    await (await fetch(`${base}/api/health`)).text();
    await until(() => logs.lines.length === 1);
    await (await fetch(`${base}/api/v1/subscribers/boom`)).text();
    await until(() => logs.lines.length === 2);
    expect(logs.lines.map((line) => [line.level, line.route, line.status])).toEqual([
      ["debug", "/api/health", 200],
      ["error", "/api/v1/subscribers/[subscriberId]", 500],
    ]);
  });

  it("records a request the client abandoned as 499", async () => {
    const { logs, base } = await start(false);
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${base}/api/slow`, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.end();
    });
    await until(() => logs.lines.length === 1);
    expect(logs.lines[0]).toMatchObject({ route: "/api/slow", status: CLIENT_CLOSED_REQUEST });
  });

  it("ignores a client's X-Request-Id unless a trusted proxy is configured", async () => {
    const direct = await start(false);
    const response = await fetch(`${direct.base}/api/health`, {
      headers: { "x-request-id": "chosen-by-client" },
    });
    expect(response.headers.get("x-request-id")).toMatch(UUID);
    expect(direct.seenIds).toEqual([response.headers.get("x-request-id")]);
    await stop();

    const proxied = await start(true);
    const viaProxy = await fetch(`${proxied.base}/api/health`, {
      headers: { "x-request-id": "lb-7f3a9c" },
    });
    expect(viaProxy.headers.get("x-request-id")).toBe("lb-7f3a9c");
    expect(proxied.seenIds).toEqual(["lb-7f3a9c"]);
  });
});

describe("chooseRequestId", () => {
  it("replaces a trusted proxy's id that is too long or has odd characters", () => {
    expect(chooseRequestId("abc-123", true)).toBe("abc-123");
    expect(chooseRequestId("x".repeat(129), true)).toMatch(UUID);
    expect(chooseRequestId('a"b\nc', true)).toMatch(UUID);
    expect(chooseRequestId(["a", "b"], true)).toMatch(UUID);
    expect(chooseRequestId(undefined, true)).toMatch(UUID);
  });
});
