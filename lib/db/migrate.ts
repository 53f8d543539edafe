// Applies prisma/migrations/*/migration.sql in name order, offline, to PGlite or PostgreSQL,
// and records each in `_prisma_migrations` exactly as Prisma does (same table, checksum =
// SHA-256 of the file), so `prisma migrate status|deploy` agree wherever the Prisma schema
// engine is available. Each migration runs in one transaction: it applies whole or not at all.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { DatabaseConnection, RawSql } from "./connection";

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
);`;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export function defaultMigrationsDir(): string {
  return path.join(process.cwd(), "prisma", "migrations");
}

export function readMigrationFiles(migrationsDir = defaultMigrationsDir()): MigrationFile[] {
  // Read at run time from the checkout (readiness calls this inside the Next.js bundle).
  return readdirSync(/*turbopackIgnore: true*/ migrationsDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrateDatabase(
  connection: DatabaseConnection,
  migrationsDir = defaultMigrationsDir(),
): Promise<MigrateResult> {
  const files = readMigrationFiles(migrationsDir);
  return connection.withMigrationLock(async (raw) => {
    await raw.exec(CREATE_MIGRATIONS_TABLE);
    const rows = await raw.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const recorded = new Map(rows.map((row) => [row.migration_name, row]));
    const known = new Set(files.map((file) => file.name));

    for (const row of rows) {
      if (!known.has(row.migration_name)) {
        throw new Error(
          `The database has migration "${row.migration_name}", which is not in ${migrationsDir}. ` +
            `It was made by a newer version of optline; refusing to run an older one against it.`,
        );
      }
    }

    const applied: string[] = [];
    for (const file of files) {
      const row = recorded.get(file.name);
      if (row) {
        if (row.finished_at === null) {
          throw new Error(
            `Migration "${file.name}" started but never finished; repair the database first.`,
          );
        }
        if (row.checksum !== file.checksum) {
          throw new Error(
            `Migration "${file.name}" was edited after it was applied (checksum mismatch). ` +
              `Add a new migration instead of changing an applied one.`,
          );
        }
        continue;
      }
      await applyOne(raw, file);
      applied.push(file.name);
    }
    return { applied, alreadyApplied: files.length - applied.length };
  });
}

async function applyOne(raw: RawSql, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await raw.exec("BEGIN");
  try {
    await raw.query(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at") VALUES ($1, $2, $3, now())`,
      [id, file.checksum, file.name],
    );
    await raw.exec(file.sql);
    await raw.query(
      `UPDATE "_prisma_migrations" SET "finished_at" = now(), "applied_steps_count" = 1 WHERE "id" = $1`,
      [id],
    );
    await raw.exec("COMMIT");
  } catch (error) {
    await raw.exec("ROLLBACK");
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Migration "${file.name}" failed and was rolled back: ${reason}`);
  }
}
