// The application's database handle. Opened lazily on first use (never at import, so that
// `next build` does not touch a database) and kept on globalThis so that dev-mode module
// reloads reuse one connection: PGlite must never be opened twice on the same folder.
import "server-only";
import { getEnv } from "@/lib/env";
import { lazyProxy } from "@/lib/lazy-proxy";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { openDatabase, type DatabaseConnection } from "./connection";
import type { SqlDatabase } from "./sql";

const globalForDb = globalThis as typeof globalThis & { __optlineDb?: DatabaseConnection };

export function getConnection(): DatabaseConnection {
  if (!globalForDb.__optlineDb) {
    const env = getEnv();
    globalForDb.__optlineDb = openDatabase({
      databaseUrl: env.DATABASE_URL,
      pgliteDataDir: env.PGLITE_DATA_DIR,
    });
  }
  return globalForDb.__optlineDb;
}

/** Closes the connection (tests, scripts); the next use opens a new one. */
export async function closeConnection(): Promise<void> {
  const connection = globalForDb.__optlineDb;
  globalForDb.__optlineDb = undefined;
  await connection?.close();
}

/** Prisma client, resolved on first property access. */
export const db: PrismaClient = lazyProxy(() => getConnection().prisma);

/** The hot paths' SQL, run by the driver without Prisma's query pipeline (lib/db/sql.ts). */
export const sql: SqlDatabase = lazyProxy(() => getConnection().sql);
