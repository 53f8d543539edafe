// The dashboard's CSV import over HTTP: the request body is the file, read as it arrives
// (server actions buffer their body and cap its size), and the answer is NDJSON, one line per
// batch written ({"type":"progress","rows","bytes"}) and a last line with the result
// ({"type":"done"}) or what went wrong ({"type":"error"}), so that the page draws a progress
// bar. The import runs in one transaction either way: a dropped connection rolls it back.
import "server-only";
import { userActor } from "@/lib/consent-events/actor";
import { AppError, ErrorCode } from "@/lib/errors";
import type { CurrentMembership } from "@/lib/auth/require-membership";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { log } from "@/lib/log/logger";
import { enforceRateLimits } from "@/lib/rate-limit/check-rate-limit";
import type { ColumnMapping } from "./column-mapping";
import { IMPORT_MAX_BYTES, ImportProblemsError, importSubscribers } from "./import-subscribers";

/** Imports per organization per hour: each holds a transaction open while the file arrives. */
const IMPORTS_PER_HOUR = 30;

export const IMPORT_MAX_MEGABYTES = IMPORT_MAX_BYTES / (1024 * 1024);

export async function importProgressResponse(options: {
  request: Request;
  membership: CurrentMembership;
  audienceId: string;
  defaultCountry: string;
  mapping: ColumnMapping | undefined;
}): Promise<Response> {
  const { request, membership } = options;
  if (Number(request.headers.get("content-length") ?? "0") > IMPORT_MAX_BYTES) throw tooLarge();
  await enforceRateLimits(
    [
      {
        key: `import:org:${membership.organizationId}`,
        limit: IMPORTS_PER_HOUR,
        windowSeconds: 3600,
      },
    ],
    "Too many imports in the last hour. Try again later.",
  );
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) =>
        controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        const result = await importSubscribers({
          organizationId: membership.organizationId,
          audienceId: options.audienceId,
          defaultCountry: options.defaultCountry,
          mapping: options.mapping,
          csv: cappedBody(request),
          actor: userActor(membership.user, requestContextFromHeaders(request.headers)),
          onProgress: (progress) => send({ type: "progress", ...progress }),
        });
        send({ type: "done", result });
      } catch (error) {
        send({ type: "error", error: describeError(error) });
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** The request body, refused past IMPORT_MAX_BYTES (the transaction then rolls back). */
async function* cappedBody(request: Request): AsyncIterable<Uint8Array> {
  if (!request.body) return;
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > IMPORT_MAX_BYTES) throw tooLarge();
    yield chunk;
  }
}

function tooLarge(): AppError {
  return new AppError(
    ErrorCode.PAYLOAD_TOO_LARGE,
    `The file is larger than ${IMPORT_MAX_MEGABYTES} MB, the limit for one import. Split it into smaller files.`,
  );
}

function describeError(error: unknown) {
  if (error instanceof ImportProblemsError)
    return {
      code: error.code,
      message: error.message,
      problems: error.problems,
      total: error.total,
    };
  if (error instanceof AppError)
    return { code: error.code, message: error.message, fields: error.fields };
  log.error({ event: "import.error", err: error }, "unexpected import error");
  return { code: "INTERNAL", message: "Something went wrong on our side. Nothing was imported." };
}
