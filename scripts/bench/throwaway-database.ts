// A throwaway database for a benchmark: a new database on the PostgreSQL server
// (DATABASE_URL's, else TEST_POSTGRES_URL's) or a temporary PGlite folder, removed at the end
// whatever happens (Ctrl-C included). Evidence cannot be deleted (a trigger refuses), so a
// bench never writes into an existing database.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { closeConnection } from "@/lib/db/client";

export type Database = "pglite" | "postgres";

// Keys derived from AUTH_SECRET (erased numbers' hashes, sealed credentials): a throwaway
// database gets a throwaway secret unless one is set.
process.env.AUTH_SECRET ||= randomBytes(32).toString("base64url");

/** Cleanups still to run; Ctrl-C runs them too, so no throwaway database outlives the bench. */
const pendingCleanups = new Set<() => Promise<void>>();
process.once("SIGINT", () => {
  console.error("\n[bench] interrupted, cleaning up…");
  void Promise.allSettled([...pendingCleanups].map((cleanup) => cleanup())).then(() =>
    process.exit(130),
  );
});

async function withCleanup<T>(cleanup: () => Promise<void>, fn: () => Promise<T>): Promise<T> {
  pendingCleanups.add(cleanup);
  try {
    return await fn();
  } finally {
    pendingCleanups.delete(cleanup);
    await cleanup();
  }
}

export async function withThrowawayDatabase<T>(
  database: Database,
  fn: (env: NodeJS.ProcessEnv, where: string) => Promise<T>,
): Promise<T> {
  if (database === "pglite") {
    const dir = mkdtempSync(path.join(tmpdir(), "optline-bench-"));
    const env = { ...process.env, DATABASE_URL: "", PGLITE_DATA_DIR: dir };
    return withCleanup(
      async () => {
        await closeConnection().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
      () => fn(env, `PGlite (temporary folder ${dir})`),
    );
  }
  const server =
    process.env.DATABASE_URL ||
    process.env.TEST_POSTGRES_URL ||
    "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `optline_bench_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return withCleanup(
    async () => {
      await closeConnection().catch(() => {});
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
    () =>
      fn(
        { ...process.env, DATABASE_URL: url.toString() },
        `PostgreSQL (throwaway database ${name} on ${url.host})`,
      ),
  );
}
