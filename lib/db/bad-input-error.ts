// No Prisma import on purpose: lib/actions/action-result.ts (also loaded by client components
// for its types and IDLE) uses this, and the Prisma client must stay out of browser bundles.

/**
 * True when PostgreSQL refused a value itself (SQLSTATE class 22, "data exception": a NUL byte
 * in text, a date out of range, a malformed number), as Prisma's driver adapters report it
 * or as lib/db/sql.ts does (SqlError, with the SQLSTATE as its code).
 * Such values come from the client (an id in a URL, a forged action argument): they are bad
 * input, answered 400/404, never a 500.
 */
export function isBadInputDatabaseError(error: unknown): boolean {
  if (error instanceof Error && error.name === "SqlError") {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === "string" && code.startsWith("22");
  }
  if (!(error instanceof Error) || error.name !== "PrismaClientKnownRequestError") return false;
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } })
    .meta;
  const code = meta?.driverAdapterError?.cause?.originalCode;
  return typeof code === "string" && code.startsWith("22");
}
