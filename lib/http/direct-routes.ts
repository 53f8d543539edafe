// The two hot routes, the public signup and Twilio's SMS webhook, are answered by calling
// their handlers directly from scripts/server.ts, without Next.js's router and request
// pipeline: per request that pipeline cost more CPU than the handler's own work (bench:http).
// The handlers are the same functions the app/ routes export, loaded inside the Next.js
// bundle and registered from instrumentation.ts; server.ts (tsx) has its own copy of this
// module, so the table is kept on globalThis. Not used in dev, where Next.js recompiles a
// route when it changes and the registered function would be stale.
import type { IncomingMessage, ServerResponse } from "node:http";
import { log } from "@/lib/log/logger";
import { INTERNAL_ERROR_BODY } from "./internal-error";
import { NO_FRAMING_HEADERS, SECURITY_HEADERS } from "./security-headers.mjs";

export interface DirectRoute {
  /** Matched against the path (no query); group 1, when present, is the route's parameter. */
  path: RegExp;
  /** The route's own body cap: a longer body is cut at one byte more, so the route refuses it. */
  maxBodyBytes: number;
  handler: (request: Request, param: string | undefined) => Promise<Response>;
}

const globalForRoutes = globalThis as typeof globalThis & { __optlineDirectRoutes?: DirectRoute[] };

/** Adds the route, or replaces the one registered with the same path. */
export function registerDirectRoute(route: DirectRoute): void {
  const others = (globalForRoutes.__optlineDirectRoutes ?? []).filter(
    (registered) => registered.path.source !== route.path.source,
  );
  globalForRoutes.__optlineDirectRoutes = [...others, route];
}

/**
 * Answers a POST to a registered route and returns true; false leaves the request to
 * Next.js (any other method or path, or before instrumentation.ts has registered the routes).
 */
export function serveDirect(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== "POST" || !req.url?.startsWith("/")) return false;
  const query = req.url.indexOf("?");
  const path = query === -1 ? req.url : req.url.slice(0, query);
  for (const route of globalForRoutes.__optlineDirectRoutes ?? []) {
    const match = route.path.exec(path);
    if (!match) continue;
    let param: string | undefined;
    let headers: Headers;
    try {
      param = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
      headers = requestHeaders(req);
    } catch {
      return false; // Next.js gives its own answer to what it cannot decode either
    }
    void answer(route, req, res, headers, param);
    return true;
  }
  return false;
}

async function answer(
  route: DirectRoute,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Headers,
  param: string | undefined,
): Promise<void> {
  for (const { key, value } of [...SECURITY_HEADERS, ...NO_FRAMING_HEADERS]) {
    res.setHeader(key, value);
  }
  try {
    const declared = Number(req.headers["content-length"] ?? "0");
    // Declared too long: the route refuses it from the header alone, unread.
    const body = declared > route.maxBodyBytes ? null : await readBody(req, route.maxBodyBytes);
    const request = new Request(`http://localhost${req.url}`, { method: "POST", headers, body });
    await writeResponse(res, await route.handler(request, param));
  } catch (error) {
    // A client that went away mid-body: nobody to answer.
    if (!req.complete || res.headersSent) {
      res.destroy();
      return;
    }
    // The handlers turn their errors into answers; this is a failure around them.
    log.error(
      { event: "api.error", reqId: req.headers["x-request-id"], err: error },
      "unexpected error",
    );
    await writeResponse(res, Response.json(INTERNAL_ERROR_BODY, { status: 500 }));
  }
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const payload = Buffer.from(await response.arrayBuffer());
  response.headers.forEach((value, key) => res.setHeader(key, value));
  res.setHeader("Content-Length", payload.byteLength);
  res.writeHead(response.status);
  res.end(payload);
}

function requestHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (value) for (const item of value) headers.append(name, item);
  }
  return headers;
}

/** At most `maxBytes + 1` bytes: enough for the route to see the body is too long. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > maxBytes) finish();
    };
    const aborted = () => reject(new Error("The client closed the request"));
    const finish = () => {
      // "error" and "close" stay listened to (a no-op once resolved): an error event with no
      // listener would throw.
      req.off("data", onData).off("end", finish);
      const body = Buffer.concat(chunks, size);
      resolve(new Uint8Array(body.buffer, body.byteOffset, Math.min(size, maxBytes + 1)));
    };
    req.on("data", onData).once("end", finish).on("error", reject).once("close", aborted);
  });
}
