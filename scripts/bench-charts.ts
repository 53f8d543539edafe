// `npm run bench:charts`: seeds one organization with 1,000,000 subscribers over the last year
// (their marketing consents and consent events, and 100,000 failures) in a throwaway
// PostgreSQL database, then times each growth chart query (lib/growth/get-growth-report.ts)
// for the organization, one audience and one form, over 30 days per day, 90 days per day and
// 12 months per week: the median of five runs after a warm-up. A query over the 200 ms goal
// prints its plan (EXPLAIN ANALYZE).
//
//   npm run bench:charts                          PostgreSQL: DATABASE_URL's server, else TEST_POSTGRES_URL
//   npm run bench:charts -- --subscribers=200000  a smaller run
//
// The database is created for the run and dropped at the end, whatever happens (Ctrl-C too).
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import pg from "pg";
import { closeConnection, db, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import { foldGrowthChanges } from "@/lib/growth/fold-growth-changes";
import {
  confirmationCohortSql,
  growthSeriesSql,
  medianTimeToConfirmSql,
  optOutsBySourceSql,
  type GrowthScope,
} from "@/lib/growth/get-growth-report";
import { growthRange, type GrowthRangeInput } from "@/lib/growth/growth-range";
import { FAILURE_TYPES, getFailureReport } from "@/lib/risk/get-failure-report";

const GOAL_MS = 200;
const RUNS = 5;
const AUDIENCES = 4;
const FORMS_PER_AUDIENCE = 2;
const DAY_SECONDS = 86_400;

function argument(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

// --- A throwaway database -------------------------------------------------------------------

const server =
  process.env.DATABASE_URL ||
  process.env.TEST_POSTGRES_URL ||
  "postgres://postgres@127.0.0.1:5432/postgres";
const name = `optline_bench_charts_${randomBytes(6).toString("hex")}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let dropped = false;
async function dropDatabase() {
  if (dropped) return;
  dropped = true;
  await closeConnection().catch(() => {});
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
process.once("SIGINT", () => {
  console.error("\n[bench] interrupted, dropping the database…");
  void dropDatabase().finally(() => process.exit(130));
});

// --- Seeding: generate_series, in the database ----------------------------------------------

interface Seeded {
  organizationId: string;
  audienceId: string;
  formId: string;
}

/**
 * Subscriber i signed up i × (one year / n) ago. Of every ten: six confirmed, one confirmed
 * then opted out (within 30 days), two pending, one 2FA only. Confirmation 30 s to 10 min after
 * signup. Sources: form (4 in 7), import, keyword, api.
 */
async function seed(subscribers: number): Promise<Seeded> {
  const raw = getConnection().raw;
  const organization = await db.organization.create({
    data: { name: "Bench organization", slug: `bench-${Date.now().toString(36)}` },
  });
  const organizationId = organization.id;
  const audienceIds: string[] = [];
  const formIds: string[] = [];
  for (let a = 0; a < AUDIENCES; a++) {
    const audience = await db.audience.create({
      data: { organizationId, name: `Bench audience ${a + 1}` },
    });
    audienceIds.push(audience.id);
    for (let f = 0; f < FORMS_PER_AUDIENCE; f++) {
      const form = await db.signupForm.create({
        data: {
          organizationId,
          audienceId: audience.id,
          slug: `bench-${a}-${f}-${randomBytes(3).toString("hex")}`,
          name: `Bench form ${a + 1}.${f + 1}`,
        },
      });
      formIds.push(form.id);
    }
  }
  const step = (365 * DAY_SECONDS) / subscribers;
  const started = performance.now();
  const stage = async (label: string, sql: string, params: unknown[]) => {
    const at = performance.now();
    await raw.query(sql, params);
    console.log(`[bench]   ${label} in ${((performance.now() - at) / 1000).toFixed(1)} s`);
  };
  // Subscriber i is in audience i % 4 and form i % 8 (form k belongs to audience k / 2).
  await stage(
    `${subscribers.toLocaleString("en")} subscribers`,
    `INSERT INTO "Subscriber" ("id", "organizationId", "audienceId", "formId", "phone", "country",
                               "locale", "status", "createdAt", "confirmedAt", "unsubscribedAt",
                               "updatedAt")
     SELECT 'bs' || i, $1, ($2::text[])[i % 8 / 2 + 1], ($3::text[])[i % 8 + 1],
            '+1201' || lpad(i::text, 7, '0'), 'US', 'en',
            (CASE WHEN i % 10 < 6 THEN 'CONFIRMED' WHEN i % 10 = 6 THEN 'UNSUBSCRIBED'
                  WHEN i % 10 < 9 THEN 'PENDING' ELSE 'NOT_SUBSCRIBED' END)::"SubscriberStatus",
            t.created,
            CASE WHEN i % 10 < 7 THEN t.created + make_interval(secs => 30 + i % 570) END,
            CASE WHEN i % 10 = 6 THEN least(now(), t.created + make_interval(days => i % 30, secs => 600)) END,
            now()
       FROM generate_series(1, $4::int) AS i,
            LATERAL (SELECT now() - make_interval(secs => i * $5::float8) AS created) t`,
    [
      organizationId,
      Array.from({ length: 8 }, (_, k) => audienceIds[Math.floor(k / 2)]),
      formIds,
      subscribers,
      step,
    ],
  );
  await stage(
    "their consents",
    `INSERT INTO "Consent" ("id", "organizationId", "subscriberId", "purpose", "grantedAt",
                            "confirmedAt", "revokedAt", "grantMethod", "revokeMethod", "updatedAt")
     SELECT 'bc' || substr(s."id", 3), s."organizationId", s."id",
            (CASE WHEN s."status" = 'NOT_SUBSCRIBED' THEN 'VERIFICATION' ELSE 'MARKETING' END)::"ConsentPurpose",
            s."createdAt", s."confirmedAt", s."unsubscribedAt",
            (ARRAY['form', 'form', 'form', 'form', 'import', 'keyword', 'api'])[substr(s."id", 3)::int % 7 + 1],
            CASE WHEN s."unsubscribedAt" IS NOT NULL THEN 'keyword' END, now()
       FROM "Subscriber" s WHERE s."organizationId" = $1`,
    [organizationId],
  );
  // Their consent events: the signup, the YES, the STOP (hashes are placeholders: the charts
  // never read events, they are here so that the tables have their real size).
  await stage(
    "their consent events",
    `INSERT INTO "ConsentEvent" ("id", "organizationId", "subscriberId", "chainId", "seq",
                                 "prevHash", "hash", "type", "data", "actorType", "createdAt")
     SELECT 'be' || substr(s."id", 3) || '-' || e.seq, s."organizationId", s."id", s."id", e.seq,
            NULL, md5(s."id" || e.seq), e.type, jsonb_build_object('phone', s."phone"),
            'SUBSCRIBER', e.at
       FROM "Subscriber" s,
            LATERAL (VALUES (1, 'signup.submitted', s."createdAt"),
                            (2, 'marketing.confirmed', s."confirmedAt"),
                            (3, 'marketing.revoked', s."unsubscribedAt")) AS e(seq, type, at)
      WHERE s."organizationId" = $1 AND e.at IS NOT NULL`,
    [organizationId],
  );
  await stage(
    "100,000 failures",
    `INSERT INTO "RiskEvent" ("id", "organizationId", "formId", "type", "errorCode", "detail", "createdAt")
     SELECT 'br' || i, $1, ($2::text[])[i % 8 + 1], ($3::text[])[i % $4::int + 1],
            CASE WHEN i % $4::int = 0 THEN (ARRAY[30003, 30005, 30006, 30007])[i % 4 + 1] END,
            '{}', now() - make_interval(secs => i * 315.36)
       FROM generate_series(1, 100000) AS i`,
    [organizationId, formIds, [...FAILURE_TYPES], FAILURE_TYPES.length],
  );
  // The triggers appended the seed's counts as changes; the first chart view folds them.
  const at = performance.now();
  await foldGrowthChanges({ organizationId });
  console.log(
    `[bench]   first fold of the growth changes in ${((performance.now() - at) / 1000).toFixed(1)} s`,
  );
  // Index-only scans need the visibility map, which autovacuum keeps in production.
  await stage("VACUUM ANALYZE", `VACUUM ANALYZE`, []);
  console.log(`[bench] seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { organizationId, audienceId: audienceIds[0]!, formId: formIds[0]! };
}

// --- Timing ---------------------------------------------------------------------------------

async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]!;
}

async function explain(sql: Prisma.Sql): Promise<string> {
  const rows = await getConnection().raw.query<{ "QUERY PLAN": string }>(
    `EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`,
    sql.values,
  );
  return rows.map((row) => `        ${row["QUERY PLAN"]}`).join("\n");
}

async function main() {
  const subscribers = Number(argument("subscribers") ?? 1_000_000);
  if (!Number.isInteger(subscribers) || subscribers < 10) {
    throw new Error("--subscribers must be an integer of at least 10");
  }
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    process.env.DATABASE_URL = url.toString();
    resetEnvCache();
    console.log(`[bench] PostgreSQL (throwaway database ${name} on ${url.host})`);
    await migrateDatabase(getConnection());
    const seeded = await seed(subscribers);

    const scopes: [string, GrowthScope][] = [
      ["organization", { organizationId: seeded.organizationId }],
      ["audience", { organizationId: seeded.organizationId, audienceId: seeded.audienceId }],
      ["form", { organizationId: seeded.organizationId, formId: seeded.formId }],
    ];
    const ranges: GrowthRangeInput[] = [
      { range: "30d", interval: "day" },
      { range: "90d", interval: "day" },
      { range: "365d", interval: "week" },
    ];
    const queries = {
      "signups/confirmations/opt-outs per period": growthSeriesSql,
      "confirmation rate (cohort)": confirmationCohortSql,
      "median time to YES": medianTimeToConfirmSql,
      "opt-outs by source": optOutsBySourceSql,
    };
    let over = 0;
    let worst = 0;
    console.log(
      `[bench] median of ${RUNS} runs per query (goal < ${GOAL_MS} ms), load average ${loadavg()[0]!.toFixed(2)}`,
    );
    for (const [scopeName, scope] of scopes) {
      for (const input of ranges) {
        const range = growthRange(input);
        const label = `${scopeName.padEnd(12)} ${input.range.padStart(4)} per ${input.interval.padEnd(4)}`;
        for (const [queryName, build] of Object.entries(queries)) {
          const sql = build(scope, range);
          const ms = await median(() => db.$queryRaw(sql));
          worst = Math.max(worst, ms);
          console.log(`  ${label} ${queryName.padEnd(44)} ${ms.toFixed(1).padStart(7)} ms`);
          if (ms >= GOAL_MS) {
            over++;
            console.log(await explain(sql));
          }
        }
        const formIds = scope.formId
          ? [scope.formId]
          : scope.audienceId
            ? (
                await db.signupForm.findMany({
                  where: { audienceId: scope.audienceId },
                  select: { id: true },
                })
              ).map((form) => form.id)
            : undefined;
        const days = Math.round((range.end.getTime() - range.from.getTime()) / 86_400_000);
        const ms = await median(() =>
          getFailureReport({ organizationId: scope.organizationId, days, formIds }),
        );
        worst = Math.max(worst, ms);
        if (ms >= GOAL_MS) over++;
        console.log(
          `  ${label} ${"failures by cause (getFailureReport)".padEnd(44)} ${ms.toFixed(1).padStart(7)} ms`,
        );
      }
    }
    console.log(
      `[bench] ${subscribers.toLocaleString("en")} subscribers: slowest query ${worst.toFixed(1)} ms; ` +
        `${over === 0 ? "every query meets" : `${over} queries miss`} the goal (< ${GOAL_MS} ms); ` +
        `load average ${loadavg()
          .map((load) => load.toFixed(2))
          .join(" ")}`,
    );
  } finally {
    await dropDatabase();
  }
}

main().catch(async (error: unknown) => {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  await dropDatabase().catch(() => {});
  process.exit(1);
});
