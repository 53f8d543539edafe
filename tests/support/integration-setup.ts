// Runs before every integration test file: gives the file its own empty database (an
// in-memory PGlite, or a fresh database on the PostgreSQL server), migrated with the
// project's own migrator, and removes it afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { closeConnection, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { resetSmsProvider } from "@/lib/sms/providers/get-sms-provider";
import { TEST_ENV } from "./test-env";

const database = process.env.TEST_DATABASE === "postgres" ? "postgres" : "pglite";
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = `optline_test_${randomBytes(6).toString("hex")}`;

Object.assign(process.env, TEST_ENV);
// Quiet by default: tests read the lines they care about with captureAppLogs().
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? "silent";
delete process.env.DATABASE_URL;
if (database === "postgres") {
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  process.env.DATABASE_URL = url.toString();
} else {
  process.env.PGLITE_DATA_DIR = "memory://";
}
resetEnvCache();
resetSmsProvider();

async function withAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (database === "postgres") await withAdmin(`CREATE DATABASE "${databaseName}"`);
  await migrateDatabase(getConnection());
});

afterAll(async () => {
  await closeConnection();
  if (database === "postgres")
    await withAdmin(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
});
