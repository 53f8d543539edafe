// `npm run bench:export`: seeds one organization with a million consent events (valid hash
// chains), then exports them all as CSV through exportConsentEvents, the function the API and
// the dashboard use, and prints rows/s, MB written and peak RSS.
//
//   npm run bench:export                       PostgreSQL if DATABASE_URL is set, else PGlite
//   npm run bench:export -- --db=postgres      PostgreSQL: DATABASE_URL's server, else TEST_POSTGRES_URL
//   npm run bench:export -- --db=both          both, one after the other
//   npm run bench:export -- --events=200000    a smaller run (10 events per subscriber)
//
// It never writes into an existing database: events cannot be deleted (a trigger refuses), so
// it creates a throwaway database on the PostgreSQL server (or a temporary PGlite folder) and
// drops it at the end, whatever happens. The export runs in a child process so that its peak
// RSS (sampled every 50 ms, and the kernel's maxRSS) is the export's, not the seeding's. The
// child runs this script compiled to JavaScript, as the production server runs compiled code:
// under tsx it would also carry the TypeScript loader's own thread (~36 MB).
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { computeEventHash } from "@/lib/consent-events/event-hash";
import { EVENT_SCHEMAS, type EventType } from "@/lib/consent-events/event-types";
import { closeConnection, db, getConnection } from "@/lib/db/client";
import type { RawSql } from "@/lib/db/connection";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { exportConsentEvents } from "@/lib/exports/export-consent-events";
import { exportSendingList } from "@/lib/exports/export-sending-list";
import { withThrowawayDatabase, type Database } from "./bench/throwaway-database";

const TARGET_ROWS_PER_SECOND = 100_000;
const TARGET_PEAK_RSS_MB = 300;
const INSERT_BATCH = 10_000;
const AUDIENCES = 4;
const MB = 1_000_000;

function argument(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

// --- Seeding (parent process) ---------------------------------------------------------------

interface Seeded {
  organizationId: string;
  events: number;
  subscribers: number;
  sendable: number;
}

const EVENTS_PER_SUBSCRIBER = 10;
/** A subscriber's life: a burst at signup, then another a month later (HELP, then STOP or 2FA). */
const FIRST_BURST = 6;
const SIGNUP_GAP_MS = 30_000;
const SECOND_BURST_AFTER_MS = 30 * 86_400_000;

/** Who is excluded from the sending list, and why: every tenth unsubscribed, some deleted or suppressed. */
const fate = (i: number) =>
  i % 10 === 9
    ? "unsubscribed"
    : i % 20 === 8
      ? "deleted"
      : i % 20 === 18
        ? "suppressed"
        : "sendable";

/** The `k`-th consent event (0-9) of subscriber `i`: realistic shapes and sizes. */
function lifeEvent(
  k: number,
  i: number,
  phone: string,
  at: Date,
): { type: EventType; data: unknown; actor: string } {
  const sid = () => `SM${randomBytes(16).toString("hex")}`;
  const inbound = (body: string) => ({
    messageId: randomUUID(),
    sid: sid(),
    from: phone,
    to: "+15005550006",
    body,
    receivedAt: at.toISOString(),
    signatureVerified: true,
  });
  const sent = (kind: string, body: string) => ({
    type: "sms.sent" as const,
    actor: "SYSTEM",
    data: {
      messageId: randomUUID(),
      kind,
      provider: "twilio",
      sid: sid(),
      from: "+15005550006",
      to: phone,
      body,
    },
  });
  const delivered = (kind: string) => ({
    type: "sms.delivery" as const,
    actor: "SYSTEM",
    data: { messageId: randomUUID(), kind, sid: sid(), status: "DELIVERED", errorCode: null },
  });
  switch (k) {
    case 0:
      return {
        type: "signup.submitted",
        actor: "SUBSCRIBER",
        data: {
          purpose: "marketing",
          phone,
          country: "US",
          locale: "en",
          formId: "cmbenchform000000000000",
          formSlug: "spring-deals",
          formVersionId: "cmbenchformversion000001",
          formVersion: 3,
          consentTextSha256: "5f2b8c9d0e1a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c",
          checkboxInitiallyChecked: false,
          checkboxChecked: true,
          buttonLabel: "Subscribe",
          pageUrl: "https://shop.example.com/spring?utm_source=instagram&utm_campaign=bench",
          referrer: "https://www.instagram.com/",
          embedded: true,
          antiFraud: { result: "pass", signals: [] },
          outcome: "pending",
          confirmationQueued: true,
        },
      };
    case 1:
      return sent(
        "confirmation",
        "Acme Deals: Reply YES to confirm your subscription to recurring marketing texts. Up to 4 msgs/month. Msg & data rates may apply. Reply HELP for help, STOP to cancel.",
      );
    case 2:
      return delivered("confirmation");
    case 3:
      return {
        type: "marketing.confirmed",
        actor: "SUBSCRIBER",
        data: { method: "sms_reply", reply: inbound("YES"), confirmationSid: sid() },
      };
    case 4:
      return sent("reply", "Acme Deals: Thanks, you're subscribed! Reply STOP to cancel.");
    case 5:
      return delivered("reply");
    case 6:
      return {
        type: "help.requested",
        actor: "SUBSCRIBER",
        data: { inbound: inbound("HELP"), replyMessageId: randomUUID() },
      };
    case 7:
      return sent("reply", "Acme Deals: help at support@example.com. Reply STOP to cancel.");
    case 8:
      return delivered("reply");
    default:
      return fate(i) === "unsubscribed"
        ? {
            type: "marketing.revoked",
            actor: "SUBSCRIBER",
            data: {
              method: "keyword",
              keyword: "STOP",
              rawText: "STOP",
              inbound: inbound("STOP"),
              replyMessageId: randomUUID(),
              processedAt: at.toISOString(),
            },
          }
        : {
            type: "verification.granted",
            actor: "SUBSCRIBER",
            data: {
              method: "code",
              verificationId: randomUUID(),
              consentText: "Text me sign-in codes for my Acme account.",
              consentTextSha256: "0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e",
            },
          };
  }
}

const signupTime = (i: number) => Date.UTC(2025, 0, 1) + i * SIGNUP_GAP_MS;

async function insertSubscribers(
  raw: RawSql,
  organizationId: string,
  audienceIds: string[],
  count: number,
): Promise<{ ids: string[]; phones: string[]; sendable: number }> {
  const ids: string[] = [];
  const phones: string[] = [];
  let sendable = 0;
  for (let start = 0; start < count; start += INSERT_BATCH) {
    const batch = { id: [] as string[], audience: [] as string[], phone: [] as string[] };
    const more = { fate: [] as string[], at: [] as string[] };
    for (let i = start; i < Math.min(count, start + INSERT_BATCH); i++) {
      const id = randomUUID();
      const phone = `+1415${String(2_000_000 + i)}`;
      ids.push(id);
      phones.push(phone);
      batch.id.push(id);
      batch.audience.push(audienceIds[i % audienceIds.length]!);
      batch.phone.push(phone);
      more.fate.push(fate(i));
      if (fate(i) === "sendable") sendable++;
      more.at.push(new Date(signupTime(i)).toISOString());
    }
    await raw.query(
      `INSERT INTO "Subscriber" ("id", "organizationId", "audienceId", "phone", "country", "locale",
                                 "status", "confirmedAt", "unsubscribedAt", "deletedAt",
                                 "createdAt", "updatedAt")
       SELECT u.id, $1, u.audience, u.phone, 'US', 'en',
              (CASE WHEN u.fate = 'unsubscribed' THEN 'UNSUBSCRIBED' ELSE 'CONFIRMED' END)::"SubscriberStatus",
              u.at::timestamptz + interval '10 seconds',
              CASE WHEN u.fate = 'unsubscribed' THEN u.at::timestamptz + interval '30 days' END,
              CASE WHEN u.fate = 'deleted' THEN u.at::timestamptz + interval '40 days' END,
              u.at::timestamptz, u.at::timestamptz
         FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
              AS u(id, audience, phone, fate, at)`,
      [organizationId, batch.id, batch.audience, batch.phone, more.fate, more.at],
    );
    await raw.query(
      `INSERT INTO "Consent" ("id", "organizationId", "subscriberId", "purpose", "grantedAt",
                              "confirmedAt", "revokedAt", "grantMethod", "revokeMethod", "updatedAt")
       SELECT gen_random_uuid()::text, $1, u.id, 'MARKETING', u.at::timestamptz,
              u.at::timestamptz + interval '10 seconds',
              CASE WHEN u.fate = 'unsubscribed' THEN u.at::timestamptz + interval '30 days' END,
              'form', CASE WHEN u.fate = 'unsubscribed' THEN 'keyword' END, u.at::timestamptz
         FROM unnest($2::text[], $3::text[], $4::text[]) AS u(id, fate, at)`,
      [organizationId, batch.id, more.fate, more.at],
    );
    await raw.query(
      `INSERT INTO "Suppression" ("id", "organizationId", "phone", "reason")
       SELECT gen_random_uuid()::text, $1, u.phone, 'erasure request'
         FROM unnest($2::text[], $3::text[]) AS u(phone, fate) WHERE u.fate = 'suppressed'`,
      [organizationId, batch.phone, more.fate],
    );
  }
  return { ids, phones, sendable };
}

async function seed(total: number): Promise<Seeded> {
  const raw = getConnection().raw;
  const organization = await db.organization.create({
    data: { name: "Bench organization", slug: `bench-${Date.now().toString(36)}` },
  });
  const organizationId = organization.id;
  const audienceIds: string[] = [];
  for (let i = 0; i < AUDIENCES; i++) {
    const audience = await db.audience.create({
      data: { organizationId, name: `Bench audience ${i + 1}` },
    });
    audienceIds.push(audience.id);
  }
  const subscriberCount = Math.ceil(total / EVENTS_PER_SUBSCRIBER);
  const { ids, phones, sendable } = await insertSubscribers(
    raw,
    organizationId,
    audienceIds,
    subscriberCount,
  );

  const columns = {
    id: [] as string[],
    subscriber: [] as string[],
    seq: [] as number[],
    prev: [] as (string | null)[],
    hash: [] as string[],
    type: [] as string[],
    data: [] as string[],
    actorType: [] as string[],
    actorName: [] as (string | null)[],
    ip: [] as (string | null)[],
    userAgent: [] as (string | null)[],
    at: [] as string[],
  };
  const flush = async () => {
    if (columns.id.length === 0) return;
    await raw.query(
      `INSERT INTO "ConsentEvent" ("id", "organizationId", "subscriberId", "chainId", "seq",
                                   "prevHash", "hash", "type", "data", "actorType", "actorName",
                                   "ip", "userAgent", "createdAt")
       SELECT u.id, $1, u.subscriber, u.subscriber, u.seq, u.prev, u.hash, u.type, u.data::jsonb,
              u.actor::"ActorType", u.name, u.ip, u.ua, u.at::timestamptz
         FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
              AS u(id, subscriber, seq, prev, hash, type, data, actor, name, ip, ua, at)`,
      [
        organizationId,
        columns.id,
        columns.subscriber,
        columns.seq,
        columns.prev,
        columns.hash,
        columns.type,
        columns.data,
        columns.actorType,
        columns.actorName,
        columns.ip,
        columns.userAgent,
        columns.at,
      ],
    );
    for (const list of Object.values(columns)) list.length = 0;
  };

  // Events are written in time order, as a live table fills: slot j holds subscriber j's
  // signup burst, then the second burst of the subscriber who signed up a month earlier.
  // Each subscriber's chain links to its previous event.
  const lastHash: (string | null)[] = new Array<string | null>(subscriberCount).fill(null);
  let written = 0;
  const emit = async (i: number, k: number, at: Date) => {
    const phone = phones[i]!;
    const { type, data, actor } = lifeEvent(k, i, phone, at);
    // The shapes must be the real ones, or the export would describe nothing real.
    if (i < 20) EVENT_SCHEMAS[type].parse(data);
    const fields = {
      id: randomUUID(),
      organizationId,
      subscriberId: ids[i]!,
      chainId: ids[i]!,
      seq: k + 1,
      prevHash: lastHash[i]!,
      type,
      data,
      actorType: actor,
      actorId: null,
      actorName: actor === "SUBSCRIBER" ? phone : "optline",
      ip: actor === "SUBSCRIBER" ? `198.51.${i % 256}.${(i >> 8) % 256}` : null,
      userAgent:
        actor === "SUBSCRIBER" && k === 0
          ? "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
          : null,
      createdAt: at,
    };
    const hash = computeEventHash(fields);
    lastHash[i] = hash;
    columns.id.push(fields.id);
    columns.subscriber.push(fields.subscriberId);
    columns.seq.push(fields.seq);
    columns.prev.push(fields.prevHash);
    columns.hash.push(hash);
    columns.type.push(type);
    columns.data.push(JSON.stringify(data));
    columns.actorType.push(actor);
    columns.actorName.push(fields.actorName);
    columns.ip.push(fields.ip);
    columns.userAgent.push(fields.userAgent);
    columns.at.push(at.toISOString());
    written++;
    if (columns.id.length >= INSERT_BATCH) await flush();
  };
  const lag = SECOND_BURST_AFTER_MS / SIGNUP_GAP_MS;
  for (let slot = 0; slot < subscriberCount + lag && written < total; slot++) {
    if (slot < subscriberCount) {
      for (let k = 0; k < FIRST_BURST && written < total; k++) {
        await emit(slot, k, new Date(signupTime(slot) + k * 2000));
      }
    }
    const later = slot - lag;
    if (later >= 0) {
      for (let k = FIRST_BURST; k < EVENTS_PER_SUBSCRIBER && written < total; k++) {
        await emit(later, k, new Date(signupTime(later) + SECOND_BURST_AFTER_MS + k * 2000));
      }
    }
  }
  await flush();
  // Settle the table as a live one would be: autovacuum would otherwise vacuum and analyze
  // these million fresh rows during the export, and the checkpointer write them out.
  await raw.exec(`VACUUM ANALYZE`);
  await raw.exec(`CHECKPOINT`).catch(() => {}); // needs superuser or pg_checkpoint; best effort
  return { organizationId, events: written, subscribers: subscriberCount, sendable };
}

// --- Export (child process) -----------------------------------------------------------------

interface ExportFigures {
  kind: string;
  rows: number;
  seconds: number;
  /** Peak RSS so far at each 100 MB of file written: flat if memory does not grow with rows. */
  peakRssMbByHundredMb: number[];
  /** CPU time of the exporting process (user + system); the database's own is not included. */
  cpuSeconds: number;
  /** 1-minute load average when the export ended: other work on the machine slows it down. */
  loadAverage: number;
  bytes: number;
  status: string;
  baselineRssMb: number;
  peakSampledRssMb: number;
  maxRssMb: number;
}

async function exportPhase(organizationId: string, kind: string): Promise<void> {
  await db.organization.findUniqueOrThrow({ where: { id: organizationId } });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const peakByHundredMb: number[] = [];

  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const actor = { type: "SYSTEM" as const, name: "bench:export" };
  const run =
    kind === "sending_list"
      ? await exportSendingList({ organizationId, actor, query: { format: "csv" } })
      : await exportConsentEvents({ organizationId, actor, query: { format: "csv" } });
  // Consume as an HTTP client would, counting bytes and keeping none.
  const reader = run.stream.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes >= (peakByHundredMb.length + 1) * 100 * MB) {
      peak = Math.max(peak, process.memoryUsage().rss);
      peakByHundredMb.push(peak / 2 ** 20);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  const manifest = await db.dataExport.findUniqueOrThrow({ where: { id: run.exportId } });
  const figures: ExportFigures = {
    kind,
    rows: manifest.rowCount ?? 0,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loadAverage: loadavg()[0]!,
    bytes,
    status: manifest.status,
    baselineRssMb: baseline / 2 ** 20,
    peakSampledRssMb: peak / 2 ** 20,
    peakRssMbByHundredMb: peakByHundredMb,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(figures)}\n`);
  await closeConnection();
}

/** This script as one JavaScript file (packages stay in node_modules), built once. */
let compiled: Promise<string> | null = null;
const compileForChild = () =>
  (compiled ??= (async () => {
    const outfile = path.resolve(".data/bench/bench-export.mjs");
    await build({
      entryPoints: [process.argv[1]!],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "warning",
    });
    return outfile;
  })());

async function runExportChild(env: NodeJS.ProcessEnv, organizationId: string, kind: string) {
  const script = await compileForChild();
  return new Promise<ExportFigures>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        script,
        "--phase=export",
        `--org=${organizationId}`,
        `--kind=${kind}`,
      ],
      { env, stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = output.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
      if (code !== 0 || !line)
        return reject(new Error(`export child exited with ${code}\n${output}`));
      resolve(JSON.parse(line.slice("BENCH_RESULT ".length)) as ExportFigures);
    });
  });
}

// --- Orchestration --------------------------------------------------------------------------

interface BenchResult {
  database: Database;
  where: string;
  seeded: Seeded;
  seedSeconds: number;
  consentEvents: ExportFigures;
  sendingList: ExportFigures;
}

async function bench(database: Database, total: number) {
  return withThrowawayDatabase(database, async (env, where): Promise<BenchResult> => {
    console.log(`\n[bench] ${where}`);
    process.env.DATABASE_URL = env.DATABASE_URL;
    process.env.PGLITE_DATA_DIR = env.PGLITE_DATA_DIR;
    resetEnvCache();
    await migrateDatabase(getConnection());
    const seedStarted = performance.now();
    const seeded = await seed(total);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(
      `[bench] seeded ${seeded.events.toLocaleString("en")} events for ${seeded.subscribers.toLocaleString("en")} subscribers in ${seedSeconds.toFixed(1)} s`,
    );
    // PGlite is one process, one connection: the child needs the folder to itself.
    await closeConnection();
    const consentEvents = await runExportChild(env, seeded.organizationId, "consent_events");
    report("consent events CSV", consentEvents);
    if (consentEvents.rows !== seeded.events || consentEvents.status !== "completed") {
      throw new Error(
        `exported ${consentEvents.rows} rows (${consentEvents.status}), seeded ${seeded.events}`,
      );
    }
    const sendingList = await runExportChild(env, seeded.organizationId, "sending_list");
    report("sending list CSV", sendingList);
    if (sendingList.rows !== seeded.sendable) {
      throw new Error(`sending list has ${sendingList.rows} rows, expected ${seeded.sendable}`);
    }
    return { database, where, seeded, seedSeconds, consentEvents, sendingList };
  });
}

function report(label: string, figures: ExportFigures) {
  const rate = figures.rows / figures.seconds;
  console.log(
    `[bench] ${label}: ${figures.rows.toLocaleString("en")} rows in ${figures.seconds.toFixed(2)} s = ` +
      `${Math.round(rate).toLocaleString("en")} rows/s, ${(figures.bytes / MB).toFixed(1)} MB written, ` +
      `peak RSS ${figures.peakSampledRssMb.toFixed(0)} MB sampled / ${figures.maxRssMb.toFixed(0)} MB maxRSS ` +
      `(${figures.baselineRssMb.toFixed(0)} MB before the export; peak so far at each 100 MB written: ` +
      `${figures.peakRssMbByHundredMb.map((mb) => mb.toFixed(0)).join(", ") || "—"}); ` +
      `export process CPU ${figures.cpuSeconds.toFixed(1)} s, load average ${figures.loadAverage.toFixed(1)}`,
  );
}

async function main() {
  const phase = argument("phase");
  if (phase === "export") {
    await exportPhase(argument("org") ?? "", argument("kind") ?? "consent_events");
    return;
  }
  const total = Number(argument("events") ?? 1_000_000);
  if (!Number.isInteger(total) || total < 1) throw new Error("--events must be a positive integer");
  const choice = argument("db") ?? (process.env.DATABASE_URL ? "postgres" : "pglite");
  if (!["pglite", "postgres", "both"].includes(choice))
    throw new Error("--db=pglite|postgres|both");
  const databases: Database[] = choice === "both" ? ["pglite", "postgres"] : [choice as Database];

  const results: BenchResult[] = [];
  for (const database of databases) results.push(await bench(database, total));

  console.log("\n[bench] summary (consent events CSV through exportConsentEvents)");
  for (const r of results) {
    const rate = r.consentEvents.rows / r.consentEvents.seconds;
    const peak = Math.max(r.consentEvents.peakSampledRssMb, r.consentEvents.maxRssMb);
    const verdict =
      rate >= TARGET_ROWS_PER_SECOND && peak < TARGET_PEAK_RSS_MB ? "meets" : "MISSES";
    console.log(
      `  ${r.database.padEnd(8)} seed ${r.seedSeconds.toFixed(1)} s | export ${r.consentEvents.rows.toLocaleString("en")} rows ` +
        `${r.consentEvents.seconds.toFixed(2)} s ${Math.round(rate).toLocaleString("en")} rows/s ` +
        `${(r.consentEvents.bytes / MB).toFixed(1)} MB | peak RSS ${peak.toFixed(0)} MB | ${verdict} the target ` +
        `(>= ${TARGET_ROWS_PER_SECOND.toLocaleString("en")} rows/s, < ${TARGET_PEAK_RSS_MB} MB)`,
    );
  }
}

main().catch(async (error: unknown) => {
  console.error("[bench] failed:", error instanceof Error ? error.message : error);
  await closeConnection().catch(() => {});
  process.exitCode = 1;
});
