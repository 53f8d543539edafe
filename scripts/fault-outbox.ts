// `npm run fault:outbox`: the outbox under faults, with the app's own code, a throwaway
// PostgreSQL database reached through a TCP proxy this script controls (the shared server is
// never stopped), and the local fake Twilio (tests/support/fake-twilio.ts) through the real
// SDK. Prints the figures and exits 1 if a goal is missed.
//
//   A. PostgreSQL unreachable for 20 s during 120 signups while Twilio is slow (1.5 s per send):
//      duplicate texts (goal 0), lost texts (goal 0), and how long the SID took to be stored
//      after Twilio's answer.
//   B. Twilio failing (503) → signups → each person texts STOP → Twilio recovers: texts after
//      STOP (goal 0); a control group that did not text STOP gets its text.
//   C. A worker process killed (SIGKILL) after Twilio accepted one of its sends and before any
//      write about it, then another worker takes over: duplicate texts (goal 0).
//
//   npm run fault:outbox                 all three
//   npm run fault:outbox -- --only=A     one of them
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeConnection, db, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { submitSignup } from "@/lib/signups/submit-signup";
import { handleInboundSms } from "@/lib/sms/handle-inbound-sms";
import { outboxIdle, startOutboxWorker } from "@/lib/sms/outbox-worker";
import { resetSmsProvider } from "@/lib/sms/providers/get-sms-provider";
import { createPublishedFormFixture, newMessageSid } from "../tests/support/factories";
import { FakeTwilio } from "../tests/support/fake-twilio";
import { runAdminSql, TEST_POSTGRES_ADMIN_URL } from "../tests/support/postgres-admin";
import { TcpProxy } from "../tests/support/tcp-proxy";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN } from "../tests/support/test-env";

const FROM = "+12025550000";
const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice(7)
  .toUpperCase();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- Setup ------------------------------------------------------------------------------------

const databaseName = `optline_fault_${randomBytes(5).toString("hex")}`;
const directUrl = new URL(TEST_POSTGRES_ADMIN_URL);
directUrl.pathname = `/${databaseName}`;

const proxy = await new TcpProxy({
  host: directUrl.hostname,
  port: Number(directUrl.port || 5432),
}).start();
const twilio = await new FakeTwilio({
  accountSid: FAKE_TWILIO_ACCOUNT_SID,
  authToken: FAKE_TWILIO_AUTH_TOKEN,
}).start();
Object.assign(process.env, {
  AUTH_SECRET: "fault-run-only-auth-secret-0123456789",
  PUBLIC_BASE_URL: "http://optline.fault",
  DATABASE_URL: proxy.urlFor(directUrl.toString()),
  SMS_PROVIDER: "twilio",
  TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN,
  TWILIO_API_URL: twilio.url,
  TWILIO_FROM_NUMBER: FROM,
  OUTBOX_POLL_MS: "500",
  OUTBOX_WORKER: "on",
});
delete process.env.TWILIO_MESSAGING_SERVICE_SID;
delete process.env.TWILIO_VERIFY_SERVICE_SID;
resetEnvCache();
resetSmsProvider();

// The app logs every failed query while PostgreSQL is away: count those lines instead.
const logged = { warn: 0, error: 0 };
const quiet = { warn: console.warn, error: console.error };
function silenceAppLogs(on: boolean) {
  console.warn = on ? () => void (logged.warn += 1) : quiet.warn;
  console.error = on ? () => void (logged.error += 1) : quiet.error;
}

// --- Helpers ------------------------------------------------------------------------------------

/** Valid US numbers over many area codes, never in arithmetic runs (the pumping rules). */
function phoneNumbers(count: number, offset: number): string[] {
  const areas = [
    "201",
    "202",
    "212",
    "213",
    "305",
    "312",
    "404",
    "415",
    "512",
    "617",
    "702",
    "917",
  ];
  const numbers: string[] = [];
  for (let k = 0; numbers.length < count; k++) {
    const area = areas[k % areas.length]!;
    const line = String(1000 + (((offset + k) * 397) % 9000)).padStart(4, "0");
    const phone = normalizePhone(`${area}555${line}`, "US");
    if (phone.ok && !numbers.includes(phone.e164)) numbers.push(phone.e164);
  }
  return numbers;
}

let ipCounter = 0;
const nextIp = () => {
  ipCounter += 1;
  return `10.${Math.floor(ipCounter / 250) % 250}.${ipCounter % 250}.7`;
};

async function signUp(formId: string, phone: string): Promise<void> {
  await submitSignup({
    formIdOrSlug: formId,
    input: { phone, country: "US", marketingConsent: true },
    context: { ip: nextIp(), userAgent: "fault run" },
  });
}

async function waitUntilDrained(timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    await outboxIdle();
    const open = await db.message
      .count({ where: { direction: "OUTBOUND", status: { in: ["QUEUED", "SENDING"] } } })
      .catch(() => -1);
    if (open === 0) return Date.now() - started;
    if (Date.now() - started > timeoutMs) return -1;
    await sleep(250);
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Texts Twilio took per number (same body: the same text), over one run's numbers. */
function duplicates(phones: string[]) {
  let sent = 0;
  let duplicated = 0;
  let lost = 0;
  for (const phone of phones) {
    const byBody = new Map<string, number>();
    for (const message of twilio.sentTo(phone))
      byBody.set(message.body, (byBody.get(message.body) ?? 0) + 1);
    if (byBody.size === 0) lost += 1;
    for (const count of byBody.values()) {
      sent += count;
      duplicated += count - 1;
    }
  }
  return { sent, duplicated, lost };
}

const results: { scenario: string; figure: string; value: string; goal?: boolean }[] = [];
const report = (scenario: string, figure: string, value: number | string, goal?: boolean) =>
  results.push({ scenario, figure, value: String(value), goal });

/** What every scenario's numbers got: texts, duplicates (goal 0), none at all (goal 0). */
function reportDelivery(scenario: string, phones: string[], drainMs: number, drained: string) {
  const { sent, duplicated, lost } = duplicates(phones);
  report(scenario, "texts Twilio took", sent);
  report(scenario, "duplicate texts", duplicated, duplicated === 0);
  report(scenario, "numbers that got no text", lost, lost === 0);
  report(scenario, "lookups at Twilio (GET Messages.json)", twilio.listRequests.length);
  report(scenario, drained, drainMs < 0 ? "not drained" : (drainMs / 1000).toFixed(1));
}

// --- A. PostgreSQL away for 20 s during 120 signups, Twilio slow -------------------------------

async function scenarioA() {
  twilio.reset();
  twilio.latencyMs = 1500;
  const fixture = await createPublishedFormFixture({ label: "Outage" });
  const phones = phoneNumbers(120, 0);
  const stopWorker = startOutboxWorker();
  const OUTAGE_FROM_MS = 5_000;
  const OUTAGE_MS = 20_000;
  const started = Date.now();
  let accepted = 0;
  let failedAttempts = 0;
  let refused = 0;
  silenceAppLogs(true);
  const window = { from: 0, to: 0 };
  const outage = (async () => {
    await sleep(OUTAGE_FROM_MS);
    // Cut while Twilio is working on sends: their answers arrive with the database away.
    while (twilio.pendingCreates === 0) await sleep(5);
    proxy.cut();
    window.from = Date.now();
    await sleep(OUTAGE_MS);
    proxy.restore();
    window.to = Date.now();
  })();
  // One signup every 250 ms (30 s in all); a person whose submission failed tries again.
  await Promise.all(
    phones.map(async (phone, i) => {
      await sleep(i * 250);
      for (let attempt = 0; attempt < 120; attempt++) {
        try {
          await signUp(fixture.form.id, phone);
          accepted += 1;
          return;
        } catch (error) {
          if (error instanceof AppError) {
            refused += 1;
            return;
          }
          failedAttempts += 1;
          await sleep(1000);
        }
      }
    }),
  );
  await outage;
  const drainMs = await waitUntilDrained(240_000);
  silenceAppLogs(false);
  await stopWorker();

  const rows = await db.message.findMany({
    where: { to: { in: phones }, kind: "confirmation", sid: { not: null } },
    select: { sid: true, sentAt: true },
  });
  const timings = rows.flatMap((row) => {
    const answered = twilio.answeredAt.get(row.sid!);
    return answered && row.sentAt
      ? [{ answered: answered.getTime(), stored: row.sentAt.getTime() }]
      : [];
  });
  const duringOutage = timings.filter((t) => t.answered >= window.from && t.answered < window.to);
  const windows = timings
    .filter((t) => !duringOutage.includes(t))
    .map((t) => t.stored - t.answered);
  const A = "A: PostgreSQL away 20 s, 120 signups, Twilio 1.5 s";
  report(A, "signups accepted (202)", accepted);
  report(A, "signup attempts that failed while the database was away (retried)", failedAttempts);
  report(A, "signups refused (4xx)", refused);
  reportDelivery(A, phones, drainMs, "outbox drained after the run, s");
  report(
    A,
    "Twilio's answer → SID stored (database up), p50 / p99 / max ms",
    `${percentile(windows, 50)} / ${percentile(windows, 99)} / ${Math.max(...windows)}`,
  );
  report(A, "texts Twilio answered while the database was away", duringOutage.length);
  report(
    A,
    "  their SIDs stored after the database came back, at most s later",
    duringOutage.length
      ? (Math.max(...duringOutage.map((t) => t.stored - window.to)) / 1000).toFixed(1)
      : "—",
  );
  report(A, "app log lines during the outage (warn / error)", `${logged.warn} / ${logged.error}`);
  report(A, "total run time, s", ((Date.now() - started) / 1000).toFixed(1));
}

// --- B. Twilio failing, STOP, Twilio recovers -------------------------------------------------

async function scenarioB() {
  twilio.reset();
  twilio.down = { status: 503, code: 20503, message: "Service Unavailable" };
  const fixture = await createPublishedFormFixture({ label: "Stop" });
  const stoppers = phoneNumbers(30, 1000);
  const control = phoneNumbers(10, 2000);
  const stopWorker = startOutboxWorker();
  silenceAppLogs(true);
  for (const phone of [...stoppers, ...control]) await signUp(fixture.form.id, phone);
  await outboxIdle();
  const queued = await db.message.count({
    where: { to: { in: stoppers }, kind: "confirmation", status: "QUEUED" },
  });
  let stopReplies = 0;
  for (const phone of stoppers) {
    const result = await handleInboundSms({
      params: { MessageSid: newMessageSid(), From: phone, To: FROM, Body: "STOP" },
      signatureVerified: true,
      route: { kind: "default" },
    });
    stopReplies += result.replies.length;
  }
  twilio.down = null; // Twilio recovers; the worker retries on its backoff (10 s).
  const drainMs = await waitUntilDrained(120_000);
  silenceAppLogs(false);
  await stopWorker();

  const afterStop = stoppers.reduce((sum, phone) => sum + twilio.sentTo(phone).length, 0);
  const canceled = await db.message.count({
    where: { to: { in: stoppers }, status: "CANCELED", cancelReason: "marketing_revoked" },
  });
  const B = "B: Twilio 503 → signup → STOP → Twilio back";
  report(B, "confirmations queued while Twilio failed (STOP group)", queued);
  report(B, "STOP confirmations (TwiML replies)", stopReplies);
  report(B, "texts sent after STOP", afterStop, afterStop === 0);
  report(B, "queued texts canceled (marketing_revoked)", canceled);
  const controlGot = control.filter((phone) => twilio.sentTo(phone).length === 1).length;
  report(
    B,
    "control group (no STOP) that got its one text",
    `${controlGot} of ${control.length}`,
    controlGot === control.length,
  );
  report(
    B,
    "outbox drained after Twilio came back, s",
    drainMs < 0 ? "not drained" : (drainMs / 1000).toFixed(1),
  );
}

// --- C. A worker killed right after Twilio's answer ---------------------------------------------

async function scenarioC() {
  twilio.reset();
  twilio.down = { status: 503, code: 20503, message: "Service Unavailable" };
  const fixture = await createPublishedFormFixture({ label: "Crash" });
  const phones = phoneNumbers(40, 3000);
  silenceAppLogs(true);
  for (const phone of phones) await signUp(fixture.form.id, phone);
  await outboxIdle();
  silenceAppLogs(false);
  await db.message.updateMany({
    where: { to: { in: phones }, status: "QUEUED" },
    data: { nextAttemptAt: new Date(Date.now() - 1000) },
  });
  twilio.down = null;
  twilio.latencyMs = 300;

  const KILL_AFTER = 10;
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/fault-outbox-worker.ts"],
    { env: process.env, stdio: ["ignore", "ignore", "ignore"] },
  );
  // Twilio has taken the KILL_AFTER-th text and is about to answer: the worker dies now, so
  // no write follows Twilio's acceptance (what a crash between the answer and the SID write
  // leaves behind).
  while (twilio.messages.length < KILL_AFTER && child.exitCode === null) await sleep(1);
  child.kill("SIGKILL");
  await new Promise((resolve) => child.on("exit", resolve));
  const inDoubt = await db.message.count({
    where: { to: { in: phones }, status: "SENDING", sid: null },
  });
  const twilioHad = twilio.messages.length;
  // The dead worker's lease runs out (60 s); as if that time had passed:
  await db.message.updateMany({
    where: { to: { in: phones }, status: { in: ["QUEUED", "SENDING"] } },
    data: { lockedUntil: new Date(Date.now() - 1000) },
  });
  const stopWorker = startOutboxWorker();
  const drainMs = await waitUntilDrained(120_000);
  await stopWorker();

  const C = "C: worker SIGKILLed after Twilio accepted a text, before any write";
  report(C, "texts Twilio had when the worker died", twilioHad);
  report(C, "messages left SENDING without SID (send in doubt)", inDoubt);
  reportDelivery(C, phones, drainMs, "outbox drained after the restart, s");
}

// --- Run -----------------------------------------------------------------------------------------

let exitCode = 0;
try {
  await runAdminSql(`CREATE DATABASE "${databaseName}"`);
  await migrateDatabase(getConnection());
  console.log(`[fault] database ${databaseName} through a TCP proxy on port ${proxy.port}`);
  for (const [name, run] of [
    ["A", scenarioA],
    ["B", scenarioB],
    ["C", scenarioC],
  ] as const) {
    if (only && only !== name) continue;
    console.log(`[fault] scenario ${name}…`);
    await run();
  }
  const width = Math.max(...results.map((r) => r.figure.length));
  let scenario = "";
  for (const row of results) {
    if (row.scenario !== scenario) console.log(`\n${(scenario = row.scenario)}`);
    const mark = row.goal === undefined ? "" : row.goal ? "  ✓ goal" : "  ✗ GOAL MISSED";
    console.log(`  ${row.figure.padEnd(width)}  ${row.value}${mark}`);
    if (row.goal === false) exitCode = 1;
  }
} catch (error) {
  console.error("[fault] run failed:", error);
  exitCode = 1;
} finally {
  silenceAppLogs(false);
  await closeConnection().catch(() => {});
  await proxy.stop();
  await twilio.stop();
  await runAdminSql(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch(() => {});
}
process.exit(exitCode);
