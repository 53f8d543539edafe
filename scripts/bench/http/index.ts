// `npm run bench:http`: optline's two hot paths (public signup, signed YES webhook) against a
// bare baseline (bare-server.ts: node:http + pg doing the same database work) on PostgreSQL,
// same load, interleaved rounds, then the figures side by side with the app/bare ratio.
//
//   npm run bench:http                         everything (about 10 minutes)
//   npm run bench:http -- --rounds=1 --seconds=5 --no-million --no-pglite   a quick look
//
// Phases: (1) SQL round trips and statements per request, counted on the wire by a proxy
// (counting-proxy.ts), one request at a time; (2) throughput at concurrency 10 and 50, single
// process against single process, `--rounds` interleaved rounds of `--seconds` after a warm-up;
// (3) the app with `npm start`'s default process count; (4) signups into an organization that
// already holds 1,000,000 consent events against an empty one; (5) the embedded PGlite default.
// Each measured phase starts on a vacuumed, analyzed database with the app's outbox drained.
//
// Load: distinct valid numbers over every US area code (phones.ts), each request from its own
// client address through the documented trusted-proxy setting (TRUST_PROXY=true and
// X-Forwarded-For, as behind a load balancer), spread over several organizations as real
// traffic is. No limit is loosened: a refused request counts as an error.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import pg from "pg";
import { createAudience } from "@/lib/audiences/create-audience";
import { closeConnection, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { createForm } from "@/lib/forms/create-form";
import { publishForm } from "@/lib/forms/publish-form";
import { createAccount } from "@/lib/organizations/create-account";
import { signTwilioRequest } from "@/lib/sms/twilio-signature";
import { makeFormPublishable } from "@/tests/support/factories";
import { FakeTwilio } from "@/tests/support/fake-twilio";
import { startCountingProxy, type CountingProxy, type WireCounts } from "./counting-proxy";
import { runLoad, type LoadRequest, type LoadResult } from "./load";
import { phoneNumbers } from "./phones";
import { peakRssMb, processTree, treeCpuMs } from "./process-stats";

function argument(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}
const flag = (name: string) => !process.argv.includes(`--no-${name}`);

const ROUNDS = Number(argument("rounds") ?? 3);
const SECONDS = Number(argument("seconds") ?? 10);
const WARMUP_SECONDS = Number(argument("warmup") ?? 3);
const CONCURRENCY = (argument("concurrency") ?? "10,50").split(",").map(Number);
const ORGANIZATIONS = 8;
const COUNTED_REQUESTS = 100;
const APP_PORT = Number(argument("port") ?? 3590);
/** --cpu-prof=<dir>: each app server process writes a V8 CPU profile there when it stops. */
const CPU_PROFILE_DIR = argument("cpu-prof");
const ACCOUNT_SID = `AC${"b".repeat(32)}`;
const AUTH_TOKEN = randomBytes(16).toString("hex");
const SENDER = "+15005550006";
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

// --- Databases --------------------------------------------------------------------------------

const cleanups: (() => Promise<void>)[] = [];
process.once("SIGINT", () => {
  console.error("\n[bench] interrupted, cleaning up…");
  void cleanupAll().then(() => process.exit(130));
});
async function cleanupAll() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}

async function admin(sql: string, url = adminUrl): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createDatabase(label: string): Promise<string> {
  const name = `optline_bench_${label}_${randomBytes(4).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  cleanups.push(() => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Points the in-process domain code at a database (seeding only; the servers are separate). */
async function switchDatabase(env: { DATABASE_URL?: string; PGLITE_DATA_DIR?: string }) {
  await closeConnection();
  process.env.DATABASE_URL = env.DATABASE_URL ?? "";
  if (env.PGLITE_DATA_DIR) process.env.PGLITE_DATA_DIR = env.PGLITE_DATA_DIR;
  resetEnvCache();
}

interface Organization {
  organizationId: string;
  slug: string;
}

/** Organizations with an audience and a published form each, made by the app's own functions. */
async function seedOrganizations(count: number, label: string): Promise<Organization[]> {
  await migrateDatabase(getConnection());
  const organizations: Organization[] = [];
  for (let i = 0; i < count; i++) {
    const suffix = randomBytes(3).toString("hex");
    const account = await createAccount({
      name: "Bench Owner",
      email: `bench-${label}-${suffix}@example.test`,
      password: `bench ${randomBytes(12).toString("hex")}`,
      organizationName: `Bench ${label} ${i + 1} ${suffix}`,
    });
    const organizationId = account.organization.id;
    const audience = await createAudience({ organizationId, input: { name: "Deals" } });
    const form = await createForm({
      organizationId,
      input: {
        name: "Signup",
        audienceId: audience.id,
        programName: "Bench",
        locale: "en",
        defaultCountry: "US",
      },
    });
    await makeFormPublishable(organizationId, form.id);
    await publishForm({ organizationId, formId: form.id, userId: account.user.id });
    organizations.push({ organizationId, slug: form.slug });
  }
  return organizations;
}

/**
 * A million consent events in one organization, spread over the last 30 days (about 1,400 in
 * the last hour, as a busy list has), for 100,000 subscribers. Written in bulk by SQL: their
 * hash chains are not valid, which no signup reads (it appends to the new subscriber's chain).
 */
async function seedMillionEvents(databaseUrl: string, organizationId: string): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `SELECT "id" FROM "Audience" WHERE "organizationId" = $1 LIMIT 1`,
      [organizationId],
    );
    await client.query(
      `INSERT INTO "Subscriber" ("id", "organizationId", "audienceId", "phone", "country", "locale",
         "status", "confirmedAt", "createdAt", "updatedAt")
       SELECT 'bench-sub-' || i, $1, $2, '+1999' || lpad(i::text, 7, '0'), 'US', 'en', 'CONFIRMED',
         now() - (i % 43200) * interval '1 minute', now() - (i % 43200) * interval '1 minute', now()
       FROM generate_series(1, 100000) AS i`,
      [organizationId, rows[0]!.id],
    );
    await client.query(
      `INSERT INTO "ConsentEvent" ("id", "organizationId", "subscriberId", "chainId", "seq",
         "prevHash", "hash", "type", "data", "actorType", "actorName", "createdAt")
       SELECT gen_random_uuid()::text, $1, 'bench-sub-' || (1 + i % 100000), 'bench-sub-' || (1 + i % 100000),
         1 + i / 100000, NULL, md5(i::text) || md5((i + 1)::text), 'sms.sent',
         jsonb_build_object('messageId', i::text, 'kind', 'notice', 'provider', 'twilio',
           'sid', 'SM' || md5(i::text), 'from', '+15005550006', 'to', '+1999' || lpad((1 + i % 100000)::text, 7, '0'),
           'body', 'Bench: this week''s deals are in. Reply STOP to cancel.'),
         'SYSTEM', 'optline', now() - (i::float / 1000000) * interval '30 days'
       FROM generate_series(0, 999999) AS i`,
      [organizationId],
    );
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
  return (performance.now() - started) / 1000;
}

async function vacuumAnalyze(databaseUrl: string) {
  await admin("VACUUM ANALYZE", databaseUrl);
}

async function waitForOutboxDrain(databaseUrl: string, timeoutMs = 120_000) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM "Message" WHERE "status" = 'QUEUED' AND "organizationId" IS NOT NULL
           AND "nextAttemptAt" <= now()`,
      );
      if (Number(rows[0]!.n) === 0 || Date.now() > deadline) return Number(rows[0]!.n);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
}

// --- Servers ----------------------------------------------------------------------------------

interface Server {
  name: string;
  pid: number;
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url, { method: "POST", body: "" });
      if (response.status > 0) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`server did not start:\n${output()}`);
}

function spawnServer(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  readyUrl: string,
  baseUrl: string,
): Promise<Server> {
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
  cleanups.push(stop);
  return waitUntilUp(readyUrl, child, () => output).then(() => ({
    name,
    pid: child.pid!,
    baseUrl,
    child,
    stop,
  }));
}

function startApp(options: {
  databaseUrl?: string;
  pgliteDir?: string;
  fakeTwilioUrl: string;
  processes?: number;
  outboxWorker?: boolean;
}): Promise<Server> {
  const baseUrl = `http://127.0.0.1:${APP_PORT}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(APP_PORT),
    HOST: "127.0.0.1",
    PUBLIC_BASE_URL: baseUrl,
    DATABASE_URL: options.databaseUrl ?? "",
    PGLITE_DATA_DIR: options.pgliteDir ?? "",
    SEED_DEMO_DATA: "false",
    TRUST_PROXY: "true",
    SMS_PROVIDER: "twilio",
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM_NUMBER: SENDER,
    TWILIO_API_URL: options.fakeTwilioUrl,
    AUTH_SECRET: "bench-only-auth-secret-0123456789abcdef",
    // Production refuses to start without a mail server unless the dev mailbox is chosen.
    MAIL_PROVIDER: "dev",
    OUTBOX_WORKER: options.outboxWorker === false ? "off" : "on",
    LOG_LEVEL: "warn",
    // What `npm start` (package.json) sets before the process starts.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
  };
  if (options.processes) env.WEB_CONCURRENCY = String(options.processes);
  else delete env.WEB_CONCURRENCY;
  return spawnServer(
    "optline",
    [
      ...(CPU_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : []),
      "--import",
      "tsx",
      "scripts/start.ts",
    ],
    env,
    `${baseUrl}/api/webhooks/twilio/sms`,
    baseUrl,
  );
}

let bareScript: Promise<string> | null = null;
async function startBare(databaseUrl: string, port: number): Promise<Server> {
  bareScript ??= (async () => {
    const outfile = path.resolve(".data/bench/bare-server.mjs");
    await build({
      entryPoints: [path.resolve("scripts/bench/http/bare-server.ts")],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "warning",
    });
    return outfile;
  })();
  const baseUrl = `http://127.0.0.1:${port}`;
  return spawnServer(
    "bare",
    [await bareScript],
    {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      PUBLIC_BASE_URL: `http://127.0.0.1:${APP_PORT}`,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    },
    `${baseUrl}/webhook`,
    baseUrl,
  );
}

// --- Requests ---------------------------------------------------------------------------------

const phones = phoneNumbers();
let clientAddress = 0;
/** A new visitor's address for each request: 10.x.y.z, never repeated within a run. */
function nextClientIp(): string {
  clientAddress += 1;
  return `10.${(clientAddress >> 16) & 255}.${(clientAddress >> 8) & 255}.${clientAddress & 255}`;
}

type Target = "app" | "bare";

function signupRequest(target: Target, slug: string): LoadRequest & { phone: string } {
  const phone = phones.next().value as string;
  return {
    phone,
    path: target === "app" ? `/api/v1/public/forms/${slug}/signups` : `/signup/${slug}`,
    headers: {
      "Content-Type": "application/json",
      "X-Forwarded-For": nextClientIp(),
      "User-Agent": "Mozilla/5.0 (bench:http) AppleWebKit/537.36 Chrome/156.0 Safari/537.36",
    },
    body: JSON.stringify({
      phone,
      country: "US",
      marketingConsent: true,
      pageUrl: "https://shop.example.com/deals?utm_source=bench",
      referrer: "https://www.example.com/",
    }),
  };
}

const WEBHOOK_URL = `http://127.0.0.1:${APP_PORT}/api/webhooks/twilio/sms`;
function yesRequest(target: Target, phone: string): LoadRequest {
  const sid = `SM${randomBytes(16).toString("hex")}`;
  const params = {
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: ACCOUNT_SID,
    From: phone,
    To: SENDER,
    Body: "YES",
    NumMedia: "0",
    NumSegments: "1",
    SmsStatus: "received",
    ApiVersion: "2010-04-01",
  };
  return {
    path: target === "app" ? "/api/webhooks/twilio/sms" : "/webhook",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": signTwilioRequest(WEBHOOK_URL, params, AUTH_TOKEN),
      // Twilio calls from many addresses; one per request keeps the per-address webhook
      // limiter (meant for unsigned floods) out of a throughput measurement.
      "X-Forwarded-For": nextClientIp(),
    },
    body: new URLSearchParams(params).toString(),
  };
}

/** Numbers that signed up (202) and wait for their YES, per target. */
const pending: Record<Target, string[]> = { app: [], bare: [] };

function signupLoad(
  target: Target,
  server: Server,
  slugs: string[],
  concurrency: number,
  seconds: number,
) {
  let turn = 0;
  return runLoad({
    baseUrl: server.baseUrl,
    concurrency,
    seconds,
    expectStatus: 202,
    next: () => signupRequest(target, slugs[turn++ % slugs.length]!),
    onAnswer: (request, status) => {
      if (status === 202) pending[target].push((request as LoadRequest & { phone: string }).phone);
    },
  });
}

function yesLoad(target: Target, server: Server, concurrency: number, seconds: number) {
  return runLoad({
    baseUrl: server.baseUrl,
    concurrency,
    seconds,
    expectStatus: 200,
    next: () => {
      const phone = pending[target].shift();
      return phone ? yesRequest(target, phone) : null;
    },
  });
}

// --- Measurement ------------------------------------------------------------------------------

interface Measured extends LoadResult {
  cpuMsPerRequest: number;
}

async function measure(server: Server, load: () => Promise<LoadResult>): Promise<Measured> {
  const cpuBefore = treeCpuMs(server.pid);
  const result = await load();
  const cpuMs = treeCpuMs(server.pid) - cpuBefore;
  return { ...result, cpuMsPerRequest: result.requests ? cpuMs / result.requests : 0 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

interface Row {
  path: string;
  concurrency: number;
  app: Measured[];
  bare: Measured[];
}

function summarize(results: Measured[]) {
  return {
    perSecond: median(results.map((r) => r.perSecond)),
    p50: median(results.map((r) => r.p50Ms)),
    p99: median(results.map((r) => r.p99Ms)),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    requests: results.reduce((sum, r) => sum + r.requests, 0),
    cpu: median(results.map((r) => r.cpuMsPerRequest)),
    unexpected: results.reduce<Record<string, number>>((all, r) => {
      for (const [status, n] of Object.entries(r.unexpected)) all[status] = (all[status] ?? 0) + n;
      return all;
    }, {}),
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(rows: Row[]) {
  console.log(
    "\n| path | concurrency | optline req/s | bare req/s | ratio | optline p50 / p99 ms | bare p50 / p99 ms | optline CPU ms/req | bare CPU ms/req | errors (optline / bare) |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|");
  for (const row of rows) {
    const app = summarize(row.app);
    const bare = summarize(row.bare);
    const unexpected = Object.entries(app.unexpected)
      .map(([status, n]) => `${n}×${status}`)
      .join(" ");
    console.log(
      `| ${row.path} | ${row.concurrency} | ${fmt(app.perSecond)} | ${fmt(bare.perSecond)} | ` +
        `${fmt(app.perSecond / bare.perSecond, 3)} | ${fmt(app.p50, 1)} / ${fmt(app.p99, 1)} | ` +
        `${fmt(bare.p50, 1)} / ${fmt(bare.p99, 1)} | ${fmt(app.cpu, 2)} | ${fmt(bare.cpu, 2)} | ` +
        `${app.errors}${unexpected ? ` (${unexpected})` : ""} / ${bare.errors} |`,
    );
  }
}

// --- Phases -----------------------------------------------------------------------------------

/**
 * COUNTED_REQUESTS requests one at a time, each followed by a wait until the database is quiet:
 * what reached the database before each answer is the request's (a background send that
 * starts before the answer arrives is counted there too, never the other way round); what
 * came after it, the work the request left to the background (the app's outbox send).
 */
async function countOneByOne(
  server: Server,
  proxy: CountingProxy,
  expectStatus: number,
  make: (n: number) => { request: LoadRequest; answered?: () => void } | null,
) {
  const request = { roundTrips: 0, statements: 0 };
  const after = { roundTrips: 0, statements: 0 };
  let requests = 0;
  let errors = 0;
  for (let n = 0; n < COUNTED_REQUESTS; n++) {
    const next = make(n);
    if (!next) break;
    proxy.reset();
    let sent = false;
    const result = await runLoad({
      baseUrl: server.baseUrl,
      concurrency: 1,
      seconds: 60,
      expectStatus,
      next: () => (sent ? null : ((sent = true), next.request)),
      onAnswer: (_, status) => {
        if (status === expectStatus) next.answered?.();
      },
    });
    const answered = { roundTrips: proxy.roundTrips, statements: proxy.statements };
    await quietDatabase(proxy);
    requests += result.requests;
    errors += result.errors;
    request.roundTrips += answered.roundTrips;
    request.statements += answered.statements;
    after.roundTrips += proxy.roundTrips - answered.roundTrips;
    after.statements += proxy.statements - answered.statements;
  }
  const per = (c: WireCounts) => ({
    roundTrips: c.roundTrips / Math.max(1, requests),
    statements: c.statements / Math.max(1, requests),
  });
  return { request: per(request), after: per(after), errors };
}

/** Resolves once nothing has reached the database for 200 ms. */
async function quietDatabase(proxy: CountingProxy): Promise<void> {
  let last = -1;
  while (proxy.roundTrips !== last) {
    last = proxy.roundTrips;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function countRoundTrips(
  appDb: string,
  bareDb: string,
  fakeTwilio: FakeTwilio,
  appSlugs: string[],
  bareSlugs: string[],
) {
  const viaProxy = async (databaseUrl: string) => {
    const url = new URL(databaseUrl);
    const proxy = await startCountingProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = "127.0.0.1";
    url.port = String(proxy.port);
    return { proxy, url: url.toString() };
  };
  const appProxy = await viaProxy(appDb);
  const bareProxy = await viaProxy(bareDb);
  // The outbox worker is off here so that only the request's own statements are counted.
  const app = await startApp({
    databaseUrl: appProxy.url,
    fakeTwilioUrl: fakeTwilio.url,
    processes: 1,
    outboxWorker: false,
  });
  const bare = await startBare(bareProxy.url, APP_PORT + 1);
  const counted: Record<string, { roundTrips: number; statements: number }> = {};
  for (const [target, server, proxy, slugs] of [
    ["app", app, appProxy.proxy, appSlugs],
    ["bare", bare, bareProxy.proxy, bareSlugs],
  ] as const) {
    // A few unmeasured requests first: caches fill as they would on a running server.
    await signupLoad(target, server, slugs, 1, 1);
    await quietDatabase(proxy);
    const signups = await countOneByOne(server, proxy, 202, (n) => {
      const request = signupRequest(target, slugs[n % slugs.length]!);
      return { request, answered: () => pending[target].push(request.phone) };
    });
    counted[`${target} signup`] = signups.request;
    counted[`${target} signup, its SMS sent after the answer`] = signups.after;
    const yes = await countOneByOne(server, proxy, 200, () => {
      const phone = pending[target].shift();
      return phone ? { request: yesRequest(target, phone) } : null;
    });
    counted[`${target} webhook`] = yes.request;
    if (signups.errors || yes.errors) {
      console.log(`[bench] ${target} counting phase errors:`, signups.errors, yes.errors);
    }
  }
  await app.stop();
  await bare.stop();
  await appProxy.proxy.close();
  await bareProxy.proxy.close();
  return counted;
}

async function throughput(
  appDb: string,
  bareDb: string,
  app: Server,
  bare: Server,
  appSlugs: string[],
  bareSlugs: string[],
): Promise<Row[]> {
  const rows: Row[] = [];
  const servers = { app, bare };
  const slugs = { app: appSlugs, bare: bareSlugs };
  const databases = { app: appDb, bare: bareDb };
  for (const path of ["signup", "YES webhook"] as const) {
    for (const concurrency of CONCURRENCY) {
      const row: Row = { path, concurrency, app: [], bare: [] };
      for (let round = 0; round < ROUNDS; round++) {
        const order: Target[] = round % 2 === 0 ? ["app", "bare"] : ["bare", "app"];
        for (const target of order) {
          const server = servers[target];
          if (path === "YES webhook") {
            // Enough pending signups for the round, made beforehand (not measured).
            const last = row[target].at(-1)?.perSecond ?? 300;
            const needed = Math.ceil(last * (SECONDS + WARMUP_SECONDS) * 1.6) + 500;
            while (pending[target].length < needed) {
              await signupLoad(target, server, slugs[target], 20, 2);
            }
          }
          if (target === "app") await waitForOutboxDrain(appDb);
          await vacuumAnalyze(databases[target]);
          const load = (seconds: number) =>
            path === "signup"
              ? signupLoad(target, server, slugs[target], concurrency, seconds)
              : yesLoad(target, server, concurrency, seconds);
          await load(WARMUP_SECONDS);
          const result = await measure(server, () => load(SECONDS));
          row[target].push(result);
          console.log(
            `[bench] ${path} c=${concurrency} round ${round + 1} ${target}: ${fmt(result.perSecond)} req/s, ` +
              `p99 ${fmt(result.p99Ms, 1)} ms, ${fmt(result.cpuMsPerRequest, 2)} CPU ms/req, ${result.errors} errors`,
          );
        }
      }
      rows.push(row);
    }
  }
  return rows;
}

async function main() {
  console.log(
    `[bench] load average before: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  );
  const fakeTwilio = await new FakeTwilio({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
  }).start();
  cleanups.push(() => fakeTwilio.stop());

  const appDb = await createDatabase("app");
  const bareDb = await createDatabase("bare");
  await switchDatabase({ DATABASE_URL: appDb });
  const appOrgs = await seedOrganizations(ORGANIZATIONS + 2, "app");
  await switchDatabase({ DATABASE_URL: bareDb });
  const bareOrgs = await seedOrganizations(ORGANIZATIONS, "bare");
  await closeConnection();
  // Two organizations are kept apart for the 1,000,000-event comparison.
  const [millionOrg, emptyOrg, ...loadOrgs] = appOrgs as [
    Organization,
    Organization,
    ...Organization[],
  ];
  const appSlugs = loadOrgs.map((o) => o.slug);
  const bareSlugs = bareOrgs.map((o) => o.slug);

  console.log("\n[bench] phase 1: SQL round trips per request (counted on the wire)");
  const counted = await countRoundTrips(appDb, bareDb, fakeTwilio, appSlugs, bareSlugs);
  for (const [label, c] of Object.entries(counted)) {
    console.log(
      `  ${label.padEnd(44)} ${fmt(c.roundTrips, 1)} round trips, ${fmt(c.statements, 1)} statements`,
    );
  }

  console.log(
    `\n[bench] phase 2: single process against single process, ${ROUNDS} rounds of ${SECONDS} s`,
  );
  let app = await startApp({ databaseUrl: appDb, fakeTwilioUrl: fakeTwilio.url, processes: 1 });
  const bare = await startBare(bareDb, APP_PORT + 1);
  const rows = await throughput(appDb, bareDb, app, bare, appSlugs, bareSlugs);
  const appPeak = peakRssMb(app.pid);
  const barePeak = peakRssMb(bare.pid);
  await app.stop();

  console.log("\n[bench] phase 3: npm start's default process count");
  app = await startApp({ databaseUrl: appDb, fakeTwilioUrl: fakeTwilio.url });
  // The tree is the primary and its server processes.
  const processes = processTree(app.pid).length - 1;
  const defaultRows: { path: string; concurrency: number; result: Measured }[] = [];
  for (const concurrency of CONCURRENCY) {
    await waitForOutboxDrain(appDb);
    await vacuumAnalyze(appDb);
    await signupLoad("app", app, appSlugs, concurrency, WARMUP_SECONDS);
    const signup = await measure(app, () => signupLoad("app", app, appSlugs, concurrency, SECONDS));
    defaultRows.push({ path: "signup", concurrency, result: signup });
    while (pending.app.length < signup.perSecond * (SECONDS + WARMUP_SECONDS) * 2) {
      await signupLoad("app", app, appSlugs, 20, 2);
    }
    await waitForOutboxDrain(appDb);
    await vacuumAnalyze(appDb);
    await yesLoad("app", app, concurrency, WARMUP_SECONDS);
    const yes = await measure(app, () => yesLoad("app", app, concurrency, SECONDS));
    defaultRows.push({ path: "YES webhook", concurrency, result: yes });
  }
  const defaultPeak = peakRssMb(app.pid);

  let million: { seedSeconds: number; full: Measured[]; empty: Measured[] } | null = null;
  if (flag("million")) {
    console.log(
      "\n[bench] phase 4: signups with 1,000,000 prior consent events in the organization",
    );
    await app.stop();
    const seedSeconds = await seedMillionEvents(appDb, millionOrg.organizationId);
    console.log(
      `[bench] seeded 1,000,000 events and 100,000 subscribers in ${fmt(seedSeconds, 1)} s`,
    );
    app = await startApp({ databaseUrl: appDb, fakeTwilioUrl: fakeTwilio.url, processes: 1 });
    million = { seedSeconds, full: [], empty: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const which of round % 2 === 0
        ? (["full", "empty"] as const)
        : (["empty", "full"] as const)) {
        const slug = (which === "full" ? millionOrg : emptyOrg).slug;
        await waitForOutboxDrain(appDb);
        await vacuumAnalyze(appDb);
        await signupLoad("app", app, [slug], 10, WARMUP_SECONDS);
        const result = await measure(app, () => signupLoad("app", app, [slug], 10, SECONDS));
        million[which].push(result);
        console.log(
          `[bench] ${which} organization round ${round + 1}: ${fmt(result.perSecond)} signups/s, ${result.errors} errors`,
        );
      }
    }
  }
  await app.stop();

  const pglite: Measured[] = [];
  if (flag("pglite")) {
    console.log("\n[bench] phase 5: the embedded PGlite default, signups at concurrency 10");
    const dir = mkdtempSync(path.join(tmpdir(), "optline-bench-http-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    await switchDatabase({ DATABASE_URL: "", PGLITE_DATA_DIR: dir });
    const orgs = await seedOrganizations(ORGANIZATIONS, "pglite");
    await closeConnection();
    app = await startApp({ pgliteDir: dir, fakeTwilioUrl: fakeTwilio.url });
    const slugs = orgs.map((o) => o.slug);
    for (let round = 0; round < ROUNDS; round++) {
      await signupLoad("app", app, slugs, 10, WARMUP_SECONDS);
      pglite.push(await measure(app, () => signupLoad("app", app, slugs, 10, SECONDS)));
    }
    await app.stop();
  }

  // --- Report ---
  console.log(
    `\n[bench] optline vs bare baseline, PostgreSQL, single process each (medians of ${ROUNDS} rounds)`,
  );
  printTable(rows);
  console.log("\nSQL per request (wire count, one request at a time):");
  for (const [label, c] of Object.entries(counted)) {
    console.log(
      `  ${label.padEnd(44)} ${fmt(c.roundTrips, 1)} round trips, ${fmt(c.statements, 1)} statements`,
    );
  }
  console.log(
    `\nPeak RSS (MB): optline's primary, then its server process ${appPeak.join(", ")}; bare ${barePeak.join(", ")}`,
  );
  console.log(`\nnpm start's default (${processes} server processes):`);
  for (const row of defaultRows) {
    console.log(
      `  ${row.path} c=${row.concurrency}: ${fmt(row.result.perSecond)} req/s, p50 ${fmt(row.result.p50Ms, 1)} ms, ` +
        `p99 ${fmt(row.result.p99Ms, 1)} ms, ${row.result.errors} errors, ${fmt(row.result.cpuMsPerRequest, 2)} CPU ms/req`,
    );
  }
  console.log(`  peak RSS per process, primary first (MB): ${defaultPeak.join(", ")}`);
  if (million) {
    const full = summarize(million.full).perSecond;
    const empty = summarize(million.empty).perSecond;
    console.log(
      `\nSignups with 1,000,000 prior events: ${fmt(full)}/s; empty organization: ${fmt(empty)}/s; ratio ${fmt(full / empty, 3)}`,
    );
  }
  if (pglite.length) {
    const s = summarize(pglite);
    console.log(
      `\nPGlite (embedded default): ${fmt(s.perSecond)} signups/s at concurrency 10, p99 ${fmt(s.p99, 1)} ms, ${s.errors} errors`,
    );
  }
  console.log(
    `\n[bench] load average after: ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  );
}

main()
  .catch((error: unknown) => {
    console.error("[bench] failed:", error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await closeConnection().catch(() => {});
    await cleanupAll();
  });
