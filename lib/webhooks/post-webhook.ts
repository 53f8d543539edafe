// One POST of a signed payload. No redirect is followed (a 3xx is a failure: the receiver
// must give its final address), the whole exchange is cut at 10 s, and at most 4 KB of the
// answer is read. The connection goes to an address resolveWebhookTarget checked.
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { withTimeout } from "@/lib/ops/with-timeout";
import { parseWebhookUrl, resolveWebhookTarget, type WebhookTargetPolicy } from "./webhook-target";

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_RESPONSE_MAX_BYTES = 4 * 1024;

export interface WebhookPostResult {
  ok: boolean;
  status: number | null;
  /** Why it did not succeed (null on a 2xx). */
  error: string | null;
  /** The start of the answer, as text. */
  body: string | null;
  durationMs: number;
}

export async function postWebhook(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: WebhookTargetPolicy;
  timeoutMs?: number;
}): Promise<WebhookPostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const failure = (error: string, status: number | null = null, body: string | null = null) => ({
    ok: false,
    status,
    error,
    body,
    durationMs: elapsed(),
  });
  let url: URL;
  let addresses: { address: string; family: number }[];
  try {
    url = parseWebhookUrl(options.url, options.policy);
    addresses = await withTimeout(resolveWebhookTarget(url, options.policy), timeoutMs);
  } catch (error) {
    // A refused address, a name that does not resolve, or DNS that does not answer.
    return failure(error instanceof Error ? error.message : "address refused");
  }
  const [target] = addresses;
  if (!target) return failure("no address");
  // The socket connects to the checked address; TLS still verifies the host name.
  const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<WebhookPostResult>((resolve) => {
    let settled = false;
    const finish = (result: WebhookPostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = send(url, {
      method: "POST",
      headers: {
        ...options.headers,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(options.body)),
        "user-agent": "optline-webhooks/1",
      },
      lookup: pinnedLookup,
    });
    // One budget for the whole exchange, the DNS lookup included.
    const timer = setTimeout(
      () => {
        finish(failure(`no answer within ${timeoutMs / 1000} s`));
        req.destroy();
      },
      Math.max(0, timeoutMs - elapsed()),
    );
    req.on("error", (error) => finish(failure(connectionError(error))));
    req.on("response", (response: IncomingMessage) => {
      readCapped(response, (body) => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300)
          finish({ ok: true, status, error: null, body, durationMs: elapsed() });
        else if (status >= 300 && status < 400)
          finish(
            failure(`redirect to ${response.headers.location ?? "?"} not followed`, status, body),
          );
        else finish(failure(`HTTP ${status}`, status, body));
      });
    });
    req.end(options.body);
  });
}

/** At most WEBHOOK_RESPONSE_MAX_BYTES of the answer; the rest is not read. */
function readCapped(response: IncomingMessage, done: (body: string) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const end = () => {
    if (finished) return;
    finished = true;
    done(Buffer.concat(chunks).subarray(0, WEBHOOK_RESPONSE_MAX_BYTES).toString("utf8"));
  };
  response.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= WEBHOOK_RESPONSE_MAX_BYTES) {
      end();
      response.destroy();
    }
  });
  response.on("end", end);
  response.on("error", end);
  response.on("close", end);
}

function connectionError(error: Error & { code?: string }): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
