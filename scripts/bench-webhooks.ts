// `npm run bench:webhooks`: how fast the webhook queue drains, and how far it lags behind
// signups, with the app's own code against a local receiver (a child process answering 200).
//
//   1. Deliveries per second: signups with the worker off fill the queue (2 events each:
//      subscriber.pending and consent.granted), then processWebhookDeliveries drains it.
//   2. Lag under load: signups at a target rate (default 1,000/s for 10 s) through
//      submitSignup, the background worker on (OUTBOX_POLL_MS as configured, default 2000);
//      the receiver notes when each event arrives, lag = arrival − the evidence's time. It
//      prints the rate it reached: a 2-core machine shared with other work may not reach 1,000/s.
//
//   npm run bench:webhooks                      PostgreSQL (throwaway database)
//   npm run bench:webhooks -- --db=pglite       embedded PGlite (temporary folder)
//   npm run bench:webhooks -- --rate=500 --seconds=5 --deliveries=2000
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { db, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { getEnv, resetEnvCache } from "@/lib/env";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { submitSignup } from "@/lib/signups/submit-signup";
import { outboxIdle, startOutboxWorker } from "@/lib/sms/outbox-worker";
import { processWebhookDeliveries } from "@/lib/webhooks/deliver-webhooks";
import { createWebhookEndpoint } from "@/lib/webhooks/manage-webhook-endpoints";
import { createPublishedFormFixture } from "../tests/support/factories";
import { withThrowawayDatabase, type Database } from "./bench/throwaway-database";

function argument(name: string, fallback: string): string {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length) ?? fallback;
}

// --- The receiver (child process, so that it does not share the app's event loop) ----------

type Arrival = { type: string; timestamp: string; at: number };

class ReceiverProcess {
  private child!: ChildProcess;
  url = "";
  async start() {
    this.child = fork(process.argv[1]!, ["--receiver"], {
      execArgv: process.execArgv,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const port = await new Promise<number>((resolve) =>
      this.child.once("message", (m: { port: number }) => resolve(m.port)),
    );
    this.url = `http://127.0.0.1:${port}/hooks`;
  }
  /** Every arrival since the last call. */
  take(): Promise<Arrival[]> {
    return new Promise((resolve) => {
      this.child.once("message", (m: { arrivals: Arrival[] }) => resolve(m.arrivals));
      this.child.send({ take: true });
    });
  }
  stop() {
    this.child.kill();
  }
}

// --- Signups --------------------------------------------------------------------------------

const AREAS = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218];
let signupCounter = 0;

/** A random valid US number (spread over prefixes, so the pumping defences see normal traffic). */
function randomPhone(): string {
  for (;;) {
    const area = AREAS[Math.floor(Math.random() * AREAS.length)]!;
    const exchange = 200 + Math.floor(Math.random() * 800);
    const line = String(Math.floor(Math.random() * 10_000)).padStart(4, "0");
    const phone = normalizePhone(`${area}${exchange}${line}`, "US");
    if (phone.ok && exchange % 100 !== 11) return phone.e164;
  }
}

async function signUp(formId: string): Promise<"ok" | "refused"> {
  signupCounter += 1;
  const n = signupCounter;
  try {
    await submitSignup({
      formIdOrSlug: formId,
      input: { phone: randomPhone(), country: "US", marketingConsent: true },
      // One address per signup: each would be a different person.
      context: { ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, userAgent: "bench" },
    });
    return "ok";
  } catch {
    return "refused";
  }
}

/** Runs `total` signups over `concurrency` clients, none starting before its slot at `rate`/s. */
async function signupLoad(formIds: string[], total: number, rate: number, concurrency: number) {
  const started = performance.now();
  let next = 0;
  const outcomes = { ok: 0, refused: 0 };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const wait = started + (i * 1000) / rate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        outcomes[await signUp(formIds[i % formIds.length]!)] += 1;
      }
    }),
  );
  return { ...outcomes, seconds: (performance.now() - started) / 1000 };
}

async function pendingDeliveries(): Promise<number> {
  return db.webhookDelivery.count({ where: { status: "PENDING" } });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

// --- Main -----------------------------------------------------------------------------------

async function main() {
  const database = argument("db", "postgres") as Database;
  const rate = Number(argument("rate", "1000"));
  const seconds = Number(argument("seconds", "10"));
  const deliveries = Number(argument("deliveries", "4000"));
  Object.assign(process.env, {
    AUTH_SECRET: `bench-only-auth-secret-${randomBytes(8).toString("hex")}`,
    SMS_PROVIDER: "dev",
    MAIL_PROVIDER: "dev",
    LOG_LEVEL: "error",
    WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
  });
  const receiver = new ReceiverProcess();
  await receiver.start();
  try {
    await withThrowawayDatabase(database, async (env, where) => {
      console.log(`[bench] ${where}`);
      process.env.DATABASE_URL = env.DATABASE_URL;
      process.env.PGLITE_DATA_DIR = env.PGLITE_DATA_DIR;
      process.env.OUTBOX_WORKER = "off";
      resetEnvCache();
      await migrateDatabase(getConnection());
      // Several organizations, as on a shared server (risk counters are per organization).
      const formIds: string[] = [];
      for (let k = 0; k < 8; k++) {
        const fixture = await createPublishedFormFixture({ label: `Bench${k}` });
        await createWebhookEndpoint({
          organizationId: fixture.organizationId,
          actor: { type: "SYSTEM", name: "bench" },
          input: { url: receiver.url, eventTypes: ["subscriber.pending", "consent.granted"] },
        });
        formIds.push(fixture.form.id);
      }

      // 1. Drain speed.
      const fill = await signupLoad(formIds, Math.ceil(deliveries / 2), 100_000, 20);
      await outboxIdle();
      const queued = await pendingDeliveries();
      console.log(
        `[bench] queued ${queued} deliveries with ${fill.ok} signups (${fill.refused} refused) in ${fill.seconds.toFixed(1)} s`,
      );
      const drainStarted = performance.now();
      let sent = 0;
      for (let batch; (batch = await processWebhookDeliveries(50)) > 0;) sent += batch;
      const drainSeconds = (performance.now() - drainStarted) / 1000;
      const received = (await receiver.take()).length;
      console.log(
        `[bench] drain: ${sent} deliveries in ${drainSeconds.toFixed(2)} s = ${Math.round(sent / drainSeconds)} deliveries/s ` +
          `(receiver got ${received}; batches of 50 posted in parallel; load average ${loadavg()[0]!.toFixed(1)})`,
      );

      // 2. Lag under signup load, the background worker on.
      process.env.OUTBOX_WORKER = "on";
      resetEnvCache();
      const stopWorker = startOutboxWorker();
      const depthSamples: number[] = [];
      const sampler = setInterval(() => {
        void pendingDeliveries().then((depth) => depthSamples.push(depth));
      }, 1000);
      const total = rate * seconds;
      const load = await signupLoad(formIds, total, rate, 64);
      const loadEnded = Date.now();
      let arrivals: Arrival[] = [];
      const expected = load.ok * 2;
      while (arrivals.length < expected && Date.now() - loadEnded < 120_000) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        arrivals = arrivals.concat(await receiver.take());
      }
      const drainedAfter = (Date.now() - loadEnded) / 1000;
      clearInterval(sampler);
      await stopWorker();
      await outboxIdle();
      const lags = arrivals.map((a) => a.at - Date.parse(a.timestamp));
      console.log(
        `[bench] load: ${load.ok} signups (${load.refused} refused) in ${load.seconds.toFixed(1)} s = ` +
          `${Math.round(load.ok / load.seconds)} signups/s reached (target ${rate}/s) = ` +
          `${Math.round((load.ok * 2) / load.seconds)} webhook events/s`,
      );
      console.log(
        `[bench] lag (event recorded → receiver): p50 ${percentile(lags, 50)} ms, p95 ${percentile(lags, 95)} ms, ` +
          `max ${Math.max(...lags)} ms over ${arrivals.length}/${expected} events; queue drained ${drainedAfter.toFixed(1)} s ` +
          `after the last signup; pending deliveries sampled each second: max ${Math.max(0, ...depthSamples)}; ` +
          `OUTBOX_POLL_MS ${getEnv().OUTBOX_POLL_MS}; load average ${loadavg()[0]!.toFixed(1)}`,
      );
    });
  } finally {
    receiver.stop();
  }
}

// --- Entry: the receiver child, or the bench --------------------------------------------------

if (process.argv.includes("--receiver")) {
  const { createServer } = await import("node:http");
  const arrivals: { type: string; timestamp: string; at: number }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const payload = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        type: string;
        timestamp: string;
      };
      arrivals.push({ type: payload.type, timestamp: payload.timestamp, at: Date.now() });
      response.writeHead(200).end("ok");
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
  });
  process.on("message", (message: { take?: boolean }) => {
    if (message.take) process.send?.({ arrivals: arrivals.splice(0) });
  });
} else {
  await main().catch((error: unknown) => {
    console.error("[bench] failed:", error);
    process.exitCode = 1;
  });
}
