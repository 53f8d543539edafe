// The HTTP server in front of Next.js. It exists for one reason: to decide the client IP
// (used for rate limits and recorded as consent evidence) before Next.js sees the request.
// Next.js keeps any X-Forwarded-For a client sends, so without this a caller could pick
// their own IP. TRUST_PROXY=true means exactly one trusted proxy (load balancer) in front.
import { createServer } from "node:http";
import next from "next";
import { clientAddress } from "../lib/http/client-address";

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
  const server = createServer((req, res) => {
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
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.hostname, resolve));
  return server;
}
