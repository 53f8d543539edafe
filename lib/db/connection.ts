// Opens the database: PostgreSQL when DATABASE_URL is set, otherwise embedded PGlite
// (real PostgreSQL compiled to WASM, same SQL, same migrations). Returns the Prisma client
// and a raw SQL handle that the migrator and the benchmarks use.
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log/logger";
import { pgliteSqlDatabase, pgSqlDatabase, type SqlDatabase } from "./sql";

export interface RawSql {
  /** Runs a script of one or more statements, without parameters. */
  exec(sql: string): Promise<void>;
  query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface DatabaseConnection {
  kind: "pglite" | "postgres";
  prisma: PrismaClient;
  /** The hot paths' statements, straight to the driver (lib/db/sql.ts). */
  sql: SqlDatabase;
  /** Raw access outside Prisma. On PGlite it shares the single connection. */
  raw: RawSql;
  /**
   * Runs `COPY (query) TO STDOUT WITH (options)` and yields the output; the generator returns
   * the row count. PostgreSQL streams it as it is produced (a slow reader pauses the query);
   * PGlite writes all of it into memory first, so callers keep each query small there.
   */
  copyOut(query: string, options: string): AsyncGenerator<Uint8Array, number>;
  /** Runs fn while holding the migration lock (advisory lock on PostgreSQL). */
  withMigrationLock<T>(fn: (raw: RawSql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder, or "memory://" for a throwaway in-memory database. */
  pgliteDataDir?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

// Any 64-bit constant unique to this app; every instance that migrates takes this lock.
const MIGRATION_LOCK_KEY = 7_201_406_433;

export function openDatabase(options: OpenDatabaseOptions): DatabaseConnection {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.pgliteDataDir ?? ".data/pglite");
}

function openPostgres(databaseUrl: string, poolSize: number): DatabaseConnection {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle client that errors (server restart) must not crash the process.
  pool.on("error", (err) =>
    log.error({ event: "db.idle_client_error", err }, "idle PostgreSQL client error"),
  );
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  const raw: RawSql = {
    async exec(sql) {
      await pool.query(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]) {
      return (await pool.query(sql, params)).rows as Row[];
    },
  };
  return {
    kind: "postgres",
    prisma,
    sql: pgSqlDatabase(pool, pg),
    raw,
    async *copyOut(query, options) {
      const client = await pool.connect();
      let finished = false;
      try {
        const stream = client.query(copyTo(`COPY (${query}) TO STDOUT WITH (${options})`));
        for await (const chunk of stream) yield chunk as Buffer;
        finished = true;
        return stream.rowCount;
      } finally {
        // A COPY left half-read (an error, or the reader stopped) would leave the connection
        // mid-protocol: close it, which also ends the query on the server.
        client.release(!finished);
      }
    },
    async withMigrationLock(fn) {
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
        const locked: RawSql = {
          async exec(sql) {
            await client.query(sql);
          },
          async query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]) {
            return (await client.query(sql, params)).rows as Row[];
          },
        };
        return await fn(locked);
      } finally {
        await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

function openPglite(dataDir: string): DatabaseConnection {
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  // The constructor starts PGlite in the background; every query waits until it is ready.
  const client = new PGlite(dataDir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  const raw: RawSql = {
    async exec(sql) {
      await client.exec(sql);
    },
    async query<Row extends Record<string, unknown>>(sql: string, params?: unknown[]) {
      return (await client.query<Row>(sql, params)).rows;
    },
  };
  return {
    kind: "pglite",
    prisma,
    sql: pgliteSqlDatabase(client),
    raw,
    async *copyOut(query, options) {
      const result = await client.query(`COPY (${query}) TO '/dev/blob' WITH (${options})`);
      if (result.blob) yield new Uint8Array(await result.blob.arrayBuffer());
      return result.affectedRows ?? 0;
    },
    // PGlite is one process, one connection: nobody else can migrate at the same time.
    withMigrationLock: (fn) => fn(raw),
    async close() {
      await prisma.$disconnect();
      await client.close();
    },
  };
}
