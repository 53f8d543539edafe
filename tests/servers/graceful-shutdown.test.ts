// A server running two worker processes (node:cluster, as `npm start` runs on PostgreSQL):
// a worker that dies is replaced, a metrics scrape sees both workers; then SIGTERM during a burst of signups (the primary passes
// it on): every request either completes or is refused before it starts (connection refused,
// reset before it was read, or 503), the server hands back every outbox lease it held and
// exits 0, and the server that takes over sends every queued confirmation exactly once.
// A SIGTERM that comes while a replacement worker is still starting stops it cleanly too.
import { execFileSync } from "node:child_process";
import { Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { phoneNumbers } from "@/scripts/bench/http/phones";
import {
  createServersDatabase,
  killAppServer,
  nextClientIp,
  post,
  scrapeMetric,
  signupRequest,
  startAppServer,
  startFakeTwilio,
  type AppServer,
  type HttpAnswer,
} from "../support/app-server";
import { createPublishedFormFixture } from "../support/factories";
import type { FakeTwilio } from "../support/fake-twilio";
import { waitUntil } from "../support/wait-until";

const SIGNUPS = 200;
const CONCURRENCY = 16;
const TERM_AFTER_COMPLETED = 40;
// Refused before anything was read: nothing of the request may exist afterwards.
const REFUSALS = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE"]);

let database: Awaited<ReturnType<typeof createServersDatabase>>;
let twilio: FakeTwilio;
let stopping: AppServer | undefined;
let remaining: AppServer | undefined;
let restarting: AppServer | undefined;

beforeAll(async () => {
  database = await createServersDatabase("shutdown");
  twilio = await startFakeTwilio();
});

afterAll(async () => {
  await killAppServer(stopping);
  await killAppServer(remaining);
  await killAppServer(restarting);
  await twilio?.stop();
  await database?.drop();
});

const refused = (answer: HttpAnswer) =>
  answer.status === 503 || (answer.error !== undefined && REFUSALS.has(answer.error));

/** The live worker processes of a cluster primary (they run scripts/start.ts too). */
function workerPids(primary: AppServer): number[] {
  const out = execFileSync("ps", ["-o", "pid=,stat=,args=", "--ppid", String(primary.child.pid)]);
  return out
    .toString()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(
      ([, stat, ...args]) => stat && !stat.startsWith("Z") && args.join(" ").includes("start.ts"),
    )
    .map(([pid]) => Number(pid));
}

describe("a server with two worker processes", () => {
  it("replaces a worker that dies", async () => {
    stopping = await startAppServer({
      name: "stopping",
      databaseUrl: database.url,
      twilio,
      processes: 2,
    });
    await waitUntil(() => workerPids(stopping!).length === 2, "both workers run");
    const [victim, survivor] = workerPids(stopping) as [number, number];
    // Forked with V8's old space capped (SERVER_HEAP_MB, default 256).
    for (const pid of [victim, survivor]) {
      expect(execFileSync("ps", ["-o", "args=", "-p", String(pid)]).toString()).toContain(
        "--max-old-space-size=256",
      );
    }
    process.kill(victim, "SIGKILL");
    await waitUntil(
      () => stopping!.output().includes('"event":"server.worker_died"'),
      "the primary notices",
    );
    await waitUntil(() => workerPids(stopping!).length === 2, "a new worker is started", 120_000);
    expect(workerPids(stopping)).toContain(survivor);
    expect(workerPids(stopping)).not.toContain(victim);
    expect((await post(stopping.baseUrl, { method: "GET", path: "/api/health" })).status).toBe(200);
  });

  it("answers a scrape on any worker with both workers' totals", async () => {
    if (!stopping) throw new Error("the server did not start");
    const series =
      'optline_http_request_duration_seconds_count{method="GET",route="/api/health",status="200"}';
    const before = await scrapeMetric(stopping.baseUrl, series);
    // A new connection each: the primary hands them to the workers in turn.
    for (let i = 0; i < 20; i++) {
      expect((await post(stopping.baseUrl, { method: "GET", path: "/api/health" })).status).toBe(
        200,
      );
    }
    // Whichever worker answers the scrape, it counts all 20.
    for (let i = 0; i < 4; i++) {
      expect(await scrapeMetric(stopping.baseUrl, series)).toBe(before + 20);
    }
  });

  it("finishes or refuses every request, hands back its leases, exits 0; the other server sends each text once", async () => {
    const { form } = await createPublishedFormFixture({ label: "Shutdown" });
    const numbers = phoneNumbers();
    const phones = Array.from({ length: SIGNUPS }, () => numbers.next().value as string);
    // Twilio answers in 50 ms: sends are under way when the signal comes.
    twilio.latencyMs = 50;
    if (!stopping) throw new Error("the server did not start");

    const answers = new Map<string, HttpAnswer>();
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    let next = 0;
    let completed = 0;
    const client = async () => {
      while (next < phones.length) {
        const phone = phones[next++]!;
        const answer = await post(
          stopping!.baseUrl,
          signupRequest(form.id, phone, nextClientIp()),
          agent,
        );
        answers.set(phone, answer);
        if (answer.status === 202 && ++completed === TERM_AFTER_COMPLETED) {
          stopping!.child.kill("SIGTERM");
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    agent.destroy();
    // On failure, the server's own output says why it did not exit cleanly.
    expect(await stopping.exited, stopping.output()).toBe(0);

    const done = phones.filter((phone) => answers.get(phone)!.status === 202);
    const turnedAway = phones.filter((phone) => refused(answers.get(phone)!));
    const other = phones
      .filter((phone) => !done.includes(phone) && !turnedAway.includes(phone))
      .map((phone) => answers.get(phone));
    const why = new Map<string, number>();
    for (const phone of turnedAway) {
      const { status, error } = answers.get(phone)!;
      const key = error ?? String(status);
      why.set(key, (why.get(key) ?? 0) + 1);
    }
    console.log(
      `[graceful-shutdown] ${done.length} completed, ${turnedAway.length} refused before they ` +
        `started (${[...why].map(([key, n]) => `${n} ${key}`).join(", ")})`,
    );
    expect(other).toEqual([]);
    expect(done.length).toBeGreaterThanOrEqual(TERM_AFTER_COMPLETED);
    expect(turnedAway.length).toBeGreaterThan(0);
    // Completed: recorded. Refused: no trace.
    expect(await db.subscriber.count({ where: { phone: { in: done } } })).toBe(done.length);
    expect(await db.subscriber.count({ where: { phone: { in: turnedAway } } })).toBe(0);
    // Gone, and holding no lease: whatever it did not send is free for the next server now.
    expect(await db.message.count({ where: { lockedUntil: { gt: new Date() } } })).toBe(0);

    // The other server takes the traffic (the load balancer retries what was refused) ...
    twilio.latencyMs = 0;
    remaining = await startAppServer({
      name: "remaining",
      databaseUrl: database.url,
      twilio,
      processes: 1,
    });
    for (const phone of turnedAway) {
      const answer = await post(remaining.baseUrl, signupRequest(form.id, phone, nextClientIp()));
      expect(answer.status).toBe(202);
    }
    // ... and every confirmation goes out, each exactly once.
    await waitUntil(
      async () =>
        (await db.message.count({
          where: { direction: "OUTBOUND", status: { in: ["QUEUED", "SENDING"] } },
        })) === 0,
      "the outbox is empty",
      120_000,
    );
    for (const phone of phones) expect(twilio.sentTo(phone)).toHaveLength(1);
    expect(twilio.messages).toHaveLength(SIGNUPS);
    const recorded = await db.message.findMany({
      where: { sid: { in: twilio.messages.map((message) => message.sid) } },
      select: { kind: true, status: true },
    });
    expect(recorded).toHaveLength(SIGNUPS);
    expect(recorded.every((message) => message.kind === "confirmation")).toBe(true);
  });

  // A deploy can stop a server just after it replaced a dead worker: the new worker is still
  // loading, and must stop cleanly rather than die of the signal.
  it("exits 0 when SIGTERM comes while a replacement worker is still starting", async () => {
    restarting = await startAppServer({
      name: "restarting",
      databaseUrl: database.url,
      twilio,
      processes: 2,
    });
    const server = restarting;
    await waitUntil(() => workerPids(server).length === 2, "both workers run");
    const [victim] = workerPids(server) as [number];
    process.kill(victim, "SIGKILL");
    await waitUntil(() => {
      const pids = workerPids(server);
      return pids.length === 2 && !pids.includes(victim);
    }, "the replacement is forked");
    server.child.kill("SIGTERM");
    expect(await server.exited, server.output()).toBe(0);
    expect(server.output()).not.toContain("server.worker_stop_failed");
  });
});
