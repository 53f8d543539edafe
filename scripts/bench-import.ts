// `npm run bench:import`: writes a 100,000-row CSV to a temporary file, then imports it from a
// file stream through importSubscribers (the function the dashboard's import route calls) into
// a throwaway database, and prints seconds and rows/s, then checks every imported chain.
//
//   npm run bench:import                     PostgreSQL (DATABASE_URL's server, else TEST_POSTGRES_URL, else 127.0.0.1)
//   npm run bench:import -- --db=pglite      a temporary PGlite folder
//   npm run bench:import -- --rows=20000     a smaller file
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createAudience } from "@/lib/audiences/create-audience";
import { userActor } from "@/lib/consent-events/actor";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { createAccount } from "@/lib/organizations/create-account";
import { importSubscribers } from "@/lib/subscribers/import-subscribers";
import { withThrowawayDatabase, type Database } from "./bench/throwaway-database";

const TARGET_SECONDS = 30;

function argument(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function writeCsv(file: string, rows: number): void {
  const lines = ["Mobile,Opt-in date,Proof,Where"];
  for (let i = 0; i < rows; i++) {
    // Distinct US numbers from +1 201 555 0000 on, which libphonenumber accepts as mobile.
    const number = `+1201${String(5550000 + i).padStart(7, "0")}`;
    lines.push(`${number},2025-03-01T10:00:00Z,"Paper form #${i}, box ${i % 50}",Store ${i % 12}`);
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
}

async function main() {
  const database = (argument("db") ?? "postgres") as Database;
  const rows = Number(argument("rows") ?? 100_000);
  const dir = mkdtempSync(path.join(tmpdir(), "optline-import-"));
  const file = path.join(dir, "subscribers.csv");
  try {
    writeCsv(file, rows);
    await withThrowawayDatabase(database, async (env, where) => {
      console.log(`[bench] ${where}`);
      process.env.DATABASE_URL = env.DATABASE_URL;
      process.env.PGLITE_DATA_DIR = env.PGLITE_DATA_DIR;
      resetEnvCache();
      await migrateDatabase(getConnection());
      const account = await createAccount({
        name: "Bench Owner",
        email: "owner@bench.test",
        password: "correct horse battery staple",
        organizationName: "Bench",
      });
      const organizationId = account.organization.id;
      const audience = await createAudience({ organizationId, input: { name: "Imported" } });
      let lastRows = 0;
      const started = performance.now();
      const result = await importSubscribers({
        organizationId,
        audienceId: audience.id,
        csv: createReadStream(file, { highWaterMark: 64 * 1024 }),
        mapping: {
          phone: "Mobile",
          consentedAt: "Opt-in date",
          evidence: "Proof",
          source: "Where",
        },
        defaultCountry: "US",
        actor: userActor(account.user),
        onProgress: (progress) => {
          lastRows = progress.rows;
        },
      });
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `[bench] imported ${result.imported.toLocaleString("en")} of ${lastRows.toLocaleString("en")} rows in ${seconds.toFixed(2)} s: ${Math.round(result.imported / seconds).toLocaleString("en")} rows/s (target: ${TARGET_SECONDS} s for 100,000)`,
      );
      const verification = await verifyChains({ organizationId });
      console.log(
        `[bench] verifyChains: ok=${verification.ok}, ${verification.checked.toLocaleString("en")} events in ${verification.chains.toLocaleString("en")} chains`,
      );
      console.log(
        `[bench] load average (1, 5, 15 min): ${loadavg()
          .map((n) => n.toFixed(2))
          .join(", ")}`,
      );
      if (!verification.ok || result.imported !== rows) process.exitCode = 1;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
