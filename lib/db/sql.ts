// SQL straight to the driver, for the hot paths (public signup, inbound YES) and what they
// share (risk checks, rate limits, the evidence chain). The statements are the same
// Prisma.sql templates as before; only their execution changes: Prisma's $queryRaw and its
// interactive transactions cost about 0.4 ms of CPU per statement (request serialization, the
// query interpreter, result re-typing, the transaction manager), the driver about a tenth of
// that (measured with `npm run bench:http -- --cpu-prof`).
//
// `SqlClient` is the part of a Prisma client these paths use ($queryRaw, $executeRaw): a
// Prisma transaction is one, so a helper typed with it (recordEvent, cancelBlockedMessages)
// runs in either kind of transaction. Rows come back as Prisma's $queryRaw returns them:
// timestamps as Dates, json as values, int8 as BigInt.
import type { PGlite, Transaction as PGliteTransaction } from "@electric-sql/pglite";
import type pg from "pg";
import { Prisma } from "@/lib/generated/prisma/client";

type RawQuery = TemplateStringsArray | Prisma.Sql;

export interface SqlClient {
  $queryRaw<T = unknown>(query: RawQuery, ...values: unknown[]): Promise<T>;
  $executeRaw(query: RawQuery, ...values: unknown[]): Promise<number>;
}

export interface SqlTransactionOptions {
  /** Past this (ms, from BEGIN), the next statement fails and the transaction rolls back, as Prisma's `timeout`. */
  timeout?: number;
}

export interface SqlDatabase extends SqlClient {
  /** BEGIN, fn, COMMIT on one connection; ROLLBACK (and the error) if fn throws. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>, options?: SqlTransactionOptions): Promise<T>;
}

/** Prisma's default interactive-transaction timeout. */
const DEFAULT_TIMEOUT_MS = 5000;

/**
 * A database error raised by a statement run here, with PostgreSQL's SQLSTATE. Told apart by
 * name (lib/db/errors.ts, bad-input-error.ts): Next bundles may hold several copies of a class.
 */
export class SqlError extends Error {
  override name = "SqlError";
  constructor(
    message: string,
    readonly code: string,
    readonly constraint: string | undefined,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

function toError(error: unknown): unknown {
  const e = error as { code?: unknown; severity?: unknown; message?: string; constraint?: string };
  if (error instanceof Error && typeof e.code === "string" && typeof e.severity === "string") {
    return new SqlError(error.message, e.code, e.constraint, { cause: error });
  }
  return error;
}

function statement(query: RawQuery, values: unknown[]): { text: string; values: unknown[] } {
  const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
  // Dates as Prisma sends them (ISO 8601, UTC); the statements cast them where it matters.
  return {
    text: sql.text,
    values: sql.values.map((v) => (v instanceof Date ? v.toISOString() : v)),
  };
}

type Deadline = { at: number } | null;

function checkDeadline(deadline: Deadline) {
  if (deadline && Date.now() > deadline.at) {
    throw new Error("Transaction timed out: it ran longer than its timeout and was rolled back");
  }
}

// --- PostgreSQL (node-postgres) -------------------------------------------------------------

const utcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);
const PG_PARSERS: Record<number, (value: string) => unknown> = {
  20: (value) => BigInt(value), // int8
  1114: utcTimestamp, // timestamp without time zone: UTC, as Prisma reads it
  1082: utcTimestamp, // date
};

type PgTypes = NonNullable<pg.QueryConfig["types"]>;

function pgTypes(defaults: typeof pg.types): PgTypes {
  const getTypeParser = (oid: number): unknown =>
    PG_PARSERS[oid] ?? defaults.getTypeParser(oid, "text");
  return { getTypeParser };
}

export function pgSqlDatabase(pool: pg.Pool, pgModule: typeof pg): SqlDatabase {
  const types = pgTypes(pgModule.types);
  const run = async (client: pg.Pool | pg.PoolClient, query: RawQuery, values: unknown[]) => {
    try {
      return await client.query({ ...statement(query, values), types });
    } catch (error) {
      throw toError(error);
    }
  };
  const over = (client: pg.Pool | pg.PoolClient, deadline: Deadline): SqlClient => ({
    async $queryRaw<T>(query: RawQuery, ...values: unknown[]) {
      checkDeadline(deadline);
      return (await run(client, query, values)).rows as T;
    },
    async $executeRaw(query: RawQuery, ...values: unknown[]) {
      checkDeadline(deadline);
      return (await run(client, query, values)).rowCount ?? 0;
    },
  });
  return {
    ...over(pool, null),
    async transaction(fn, options) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN").catch((error: Error) => {
          broken = error; // not reused: a connection that cannot begin is not to be trusted
          throw toError(error);
        });
        const deadline = { at: Date.now() + (options?.timeout ?? DEFAULT_TIMEOUT_MS) };
        try {
          const result = await fn(over(client, deadline));
          checkDeadline(deadline);
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch((rollbackError: Error) => {
            broken = rollbackError; // the connection is in an unknown state: not reused
          });
          throw toError(error);
        }
      } finally {
        client.release(broken);
      }
    },
  };
}

// --- PGlite ---------------------------------------------------------------------------------

const PGLITE_PARSERS = {
  20: (value: string) => BigInt(value),
  1114: utcTimestamp,
  1082: utcTimestamp,
};

export function pgliteSqlDatabase(client: PGlite): SqlDatabase {
  const run = async (db: PGlite | PGliteTransaction, query: RawQuery, values: unknown[]) => {
    const { text, values: params } = statement(query, values);
    try {
      return await db.query<Record<string, unknown>>(text, params, { parsers: PGLITE_PARSERS });
    } catch (error) {
      throw toError(error);
    }
  };
  const over = (db: PGlite | PGliteTransaction, deadline: Deadline): SqlClient => ({
    async $queryRaw<T>(query: RawQuery, ...values: unknown[]) {
      checkDeadline(deadline);
      return (await run(db, query, values)).rows as T;
    },
    async $executeRaw(query: RawQuery, ...values: unknown[]) {
      checkDeadline(deadline);
      return (await run(db, query, values)).affectedRows ?? 0;
    },
  });
  return {
    ...over(client, null),
    async transaction(fn, options) {
      try {
        // PGlite runs one transaction at a time (Prisma's PGlite adapter waits on the same lock).
        return await client.transaction(async (tx) => {
          const deadline = { at: Date.now() + (options?.timeout ?? DEFAULT_TIMEOUT_MS) };
          const result = await fn(over(tx, deadline));
          checkDeadline(deadline);
          return result;
        });
      } catch (error) {
        throw toError(error);
      }
    },
  };
}
