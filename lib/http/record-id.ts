// Ids that arrive from the client (route segments, query strings, server action arguments)
// are checked for shape before they reach a query: anything that is not a plausible id gets
// the same clear 404 as an id of another organization, never a database error (a NUL byte or
// a non-string would otherwise fail inside PostgreSQL or Prisma and surface as a 500).
import { AppError } from "@/lib/errors";

const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isRecordId(value: unknown): value is string {
  return typeof value === "string" && RECORD_ID.test(value);
}

/** The id, or a NOT_FOUND AppError naming what was looked for. */
export function parseRecordId(value: unknown, what = "Resource"): string {
  if (!isRecordId(value)) throw AppError.notFound(what);
  return value;
}
