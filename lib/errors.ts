// One error type for everything the domain refuses, with one table from code to HTTP status.
// Routes turn an AppError into `{ error: { code, message, fields? } }`; anything else is a 500
// whose details stay in the server log.
import type { z } from "zod";
import type { Locale } from "@/lib/i18n/locales";
import { humanErrorMap } from "@/lib/validation/human-zod-message";

export const ErrorCode = {
  BAD_REQUEST: "BAD_REQUEST",
  VALIDATION_FAILED: "VALIDATION_FAILED",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  RATE_LIMITED: "RATE_LIMITED",
  INVALID_SIGNATURE: "INVALID_SIGNATURE",
  /** A service we depend on (the mail server) did not answer; nothing was changed. */
  UNAVAILABLE: "UNAVAILABLE",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INVALID_SIGNATURE: 403,
  UNAVAILABLE: 503,
};

export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldErrors;
  /** Seconds, for RATE_LIMITED. */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: FieldErrors; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = extra.fields;
    this.retryAfter = extra.retryAfter;
  }

  get status(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  static notFound(what = "Resource"): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
  }

  static validation(fields: FieldErrors, message = "Some fields are not valid"): AppError {
    return new AppError(ErrorCode.VALIDATION_FAILED, message, { fields });
  }
}

/** zod issues as `{ "path.to.field": ["message"] }`. */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join(".") : "_";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/**
 * Parses input with a zod schema, or throws a 422 AppError with field errors written for
 * people (in `locale` on public forms).
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  locale: Locale = "en",
): z.output<Schema> {
  const result = schema.safeParse(input, { error: humanErrorMap(locale) });
  if (!result.success) throw AppError.validation(fieldErrorsFromZod(result.error));
  return result.data;
}
