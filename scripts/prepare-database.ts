// Applies migrations, and on the first run of the embedded database (or with
// SEED_DEMO_DATA=true) creates the demo organization. Run by `npm start` before the server
// starts, and by `npm run db:migrate` (with --no-seed). Runs with the react-server
// condition so it can use the app's server-only domain code.
import { mkdirSync, writeFileSync } from "node:fs";
import { closeConnection, db, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { getEnv } from "@/lib/env";

export const DEMO_LOGIN_FILE = ".data/demo-login.json";

async function main() {
  const env = getEnv();
  const connection = getConnection();
  const where =
    connection.kind === "postgres"
      ? "PostgreSQL (DATABASE_URL)"
      : `embedded PGlite (${env.PGLITE_DATA_DIR})`;
  const { applied, alreadyApplied } = await migrateDatabase(connection);
  console.log(
    `[db] ${where}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"} (${alreadyApplied} already applied)`,
  );

  const seed = (env.SEED_DEMO_DATA ?? (connection.kind === "pglite" ? "true" : "false")) === "true";
  if (!process.argv.includes("--no-seed") && seed && (await db.user.count()) === 0) {
    const login = await seedDemoData();
    mkdirSync(".data", { recursive: true });
    writeFileSync(DEMO_LOGIN_FILE, JSON.stringify(login, null, 2), { mode: 0o600 });
    console.log(`[db] seeded the demo organization (login saved in ${DEMO_LOGIN_FILE})`);
  }
  await closeConnection();
}

main().catch(async (error: unknown) => {
  console.error(
    "[db] preparing the database failed:",
    error instanceof Error ? error.message : error,
  );
  await closeConnection().catch(() => {});
  process.exit(1);
});
