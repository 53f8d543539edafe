// JSON responses and the one place that turns errors into HTTP answers: AppError -> its
// status with `{ error: { code, message, fields? } }`; anything else -> 500 with no details
// (they go to the server log).
import { NextResponse } from "next/server";
import { isBadInputDatabaseError } from "@/lib/db/bad-input-error";
import { AppError, ErrorCode } from "@/lib/errors";
import { log } from "@/lib/log/logger";
import { INTERNAL_ERROR_BODY } from "./internal-error";

export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: HeadersInit } = {},
): NextResponse {
  return NextResponse.json(body, { status: init.status ?? 200, headers: init.headers });
}

export function errorResponse(
  error: unknown,
  headers?: HeadersInit,
  request?: Request,
): NextResponse {
  if (isBadInputDatabaseError(error)) {
    return errorResponse(
      new AppError(ErrorCode.BAD_REQUEST, "A value in the request is not valid."),
      headers,
      request,
    );
  }
  if (error instanceof AppError) {
    const extra = new Headers(headers);
    if (error.retryAfter) extra.set("Retry-After", String(error.retryAfter));
    return NextResponse.json(
      {
        error: {
          code: error.code,
          message: error.message,
          ...(error.fields ? { fields: error.fields } : {}),
        },
      },
      { status: error.status, headers: extra },
    );
  }
  log.error(
    { event: "api.error", reqId: request?.headers.get("x-request-id"), err: error },
    "unexpected error",
  );
  return NextResponse.json(INTERNAL_ERROR_BODY, { status: 500, headers });
}

/** Wraps a route handler so that every thrown error becomes a proper JSON answer. */
export function withApiErrors<Args extends unknown[]>(
  handler: (...args: Args) => Promise<Response>,
  headers?: HeadersInit,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (error) {
      // The request id (set by scripts/server.ts) ties this log line to the request's line.
      return errorResponse(error, headers, args[0] instanceof Request ? args[0] : undefined);
    }
  };
}
