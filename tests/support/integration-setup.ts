// Runs before every integration test file: gives the file its own empty database (an
// in-memory PGlite, or a fresh database on the PostgreSQL server), migrated with the
// project's own migrator, and removes it afterwards.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll } from "vitest";
import { closeConnection, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { resetSmsProvider } from "@/lib/sms/providers/get-sms-provider";
import { OVERLAPPING_QUERY_WARNING } from "./overlapping-query-warning";
import { runAdminSql, TEST_POSTGRES_ADMIN_URL } from "./postgres-admin";
import { TEST_ENV } from "./test-env";

const database = process.env.TEST_DATABASE === "postgres" ? "postgres" : "pglite";
const databaseName = `optline_test_${randomBytes(6).toString("hex")}`;

Object.assign(process.env, TEST_ENV);
// Quiet by default: tests read the lines they care about with captureAppLogs().
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? "silent";
delete process.env.DATABASE_URL;
if (database === "postgres") {
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${databaseName}`;
  process.env.DATABASE_URL = url.toString();
} else {
  process.env.PGLITE_DATA_DIR = "memory://";
}
resetEnvCache();
resetSmsProvider();

// pg warns "Calling client.query() when the client is already executing a query is
// deprecated" (once per process) when queries overlap on one connection. Our pool gives each
// query its own connection, except inside an interactive transaction: so the warning means
// code ran queries on a transaction in parallel (Promise.all, or sibling Prisma includes).
// Any test file that causes it fails (tests/integration/overlapping-queries.test.ts shows the
// warning is real and what causes it).
const overlappingQueries: string[] = [];
process.on("warning", (warning) => {
  if (OVERLAPPING_QUERY_WARNING.test(warning.message))
    overlappingQueries.push(warning.stack ?? warning.message);
});

beforeAll(async () => {
  if (database === "postgres") await runAdminSql(`CREATE DATABASE "${databaseName}"`);
  await migrateDatabase(getConnection());
});

// A test's texts, sent in the background, never spill into the next test.
afterEach(() => outboxIdle());

afterAll(async () => {
  // Texts sent in the background by the last test finish before the database goes.
  await outboxIdle();
  await closeConnection();
  if (database === "postgres")
    await runAdminSql(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  if (overlappingQueries.length > 0) {
    throw new Error(
      `Queries overlapped on one connection (parallel queries inside a transaction):\n${overlappingQueries.join("\n")}`,
    );
  }
});
