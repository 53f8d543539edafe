// Two app servers on one PostgreSQL database and one (fake) Twilio, behind a simulated load
// balancer that alternates between them: 500 people sign up (four organizations), each replies
// YES once their confirmation text has arrived (a webhook signed as Twilio signs it), and one
// server is killed (SIGKILL) mid-run. What the dead server had under way is retried on the
// other, as a load balancer and Twilio retry: a signup again (the repeat queues no second
// text), a webhook with the same MessageSid. Then: nothing lost (every confirmation sent, every
// YES confirmed), nothing doubled (texts at Twilio, confirmations, replies), chains intact.
// Before that, a long-code sender's texts are paced at 1/s across both servers.
// Prints its figures; `npm run test:servers` reproduces them.
import { Agent } from "node:http";
import { loadavg } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { db } from "@/lib/db/client";
import { createSender, setAudienceSender } from "@/lib/senders/manage-senders";
import { phoneNumbers } from "@/scripts/bench/http/phones";
import {
  createServersDatabase,
  killAppServer,
  nextClientIp,
  post,
  signupRequest,
  startAppServer,
  startFakeTwilio,
  yesWebhook,
  type AppServer,
  type HttpRequest,
} from "../support/app-server";
import { createPublishedFormFixture, newMessageSid } from "../support/factories";
import type { FakeTwilio } from "../support/fake-twilio";
import { waitUntil } from "../support/wait-until";

const PEOPLE = 500;
const ORGANIZATIONS = 4;
const CONCURRENCY = 20;
const KILL_AFTER_SIGNUPS = 200;
const MAX_ATTEMPTS = 4;

let database: Awaited<ReturnType<typeof createServersDatabase>>;
let twilio: FakeTwilio;
const servers: AppServer[] = [];

beforeAll(async () => {
  database = await createServersDatabase("two");
  twilio = await startFakeTwilio();
  // One after the other: the first start builds the app if its sources changed.
  for (const name of ["A", "B"]) {
    servers.push(await startAppServer({ name, databaseUrl: database.url, twilio, processes: 1 }));
  }
});

afterAll(async () => {
  for (const server of servers) await killAppServer(server);
  await twilio?.stop();
  await database?.drop();
});

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

describe("two servers on one database", () => {
  // First, while both are up: the shared token bucket (lib/senders/send-rate.ts) must hold a
  // long code to 1 text a second whichever server's outbox sends, as Twilio sees it.
  it("paces a long-code sender at 1 text a second across both servers, by Twilio's receive times", async () => {
    const account = `AC${"e".repeat(32)}`;
    const token = "tokenE".padEnd(32, "e");
    twilio.addAccount(account, token);
    const fixture = await createPublishedFormFixture({ label: "Paced" });
    const sender = await createSender({
      organizationId: fixture.organizationId,
      actor: SYSTEM_ACTOR,
      input: {
        name: "Paced line",
        accountSid: account,
        authToken: token,
        numberType: "LONG_CODE",
        messagesPerSecond: "",
        numbers: "+12025550391",
      },
    });
    await setAudienceSender({
      organizationId: fixture.organizationId,
      audienceId: fixture.audience.id,
      senderId: sender.id,
      actor: SYSTEM_ACTOR,
    });
    const phones = Array.from({ length: 8 }, (_, i) => `+1201555089${i}`);
    // Alternately on each server, all at once: each server's outbox is woken by its own signups.
    const answers = await Promise.all(
      phones.map((phone, i) =>
        post(servers[i % 2]!.baseUrl, signupRequest(fixture.form.id, phone, nextClientIp())),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(phones.map(() => 202));
    await waitUntil(
      () => phones.every((phone) => twilio.sentTo(phone).length > 0),
      "every paced confirmation at Twilio",
      60_000,
    );
    const received = phones
      .flatMap((phone) => twilio.sentTo(phone))
      .map((message) => message.createdAt.getTime())
      .sort((x, y) => x - y);
    expect(received).toHaveLength(phones.length);
    const span = received.at(-1)! - received[0]!;
    console.log(
      `[two servers] 8 texts on a 1/s long code, signups split over both servers: first to last ` +
        `${span} ms at Twilio; gaps ${received
          .slice(1)
          .map((at, i) => at - received[i]!)
          .join(", ")} ms`,
    );
    // Unpaced, all 8 arrive within a moment. Paced: a token a second (the bucket holds one),
    // and a send reaches Twilio a little after its token, so arrivals may bunch slightly:
    // never more than 3 in any second, and spread over most of the 7 s the tokens take.
    for (let i = 3; i < received.length; i++) {
      expect(received[i]! - received[i - 3]!).toBeGreaterThanOrEqual(1000);
    }
    expect(span).toBeGreaterThanOrEqual(5500);
  });

  it("500 signups and 500 YES replies across both, one killed mid-run: 0 lost, 0 doubled, chains intact", async () => {
    const textsBefore = twilio.messages.length; // the pacing test's, on the same fake Twilio
    const organizations: Awaited<ReturnType<typeof createPublishedFormFixture>>[] = [];
    for (let i = 0; i < ORGANIZATIONS; i++) {
      organizations.push(await createPublishedFormFixture({ label: `Two${i}` }));
    }
    const numbers = phoneNumbers();
    const people = Array.from({ length: PEOPLE }, (_, i) => ({
      phone: numbers.next().value as string,
      formId: organizations[i % ORGANIZATIONS]!.form.id,
      ip: nextClientIp(),
      replySid: newMessageSid(),
    }));

    // The load balancer: alternates between the servers it believes alive; retries a request
    // that failed to connect or was cut off, or got a 503, on the next one.
    const [a, b] = servers as [AppServer, AppServer];
    const live = [a, b];
    const agents = new Map(
      servers.map((server) => [server, new Agent({ keepAlive: true, maxSockets: CONCURRENCY })]),
    );
    const served = new Map(servers.map((server) => [server.name, 0]));
    const latencies: number[] = [];
    const answeredAt: number[] = [];
    let turn = 0;
    let retried = 0;
    const send = async (build: () => HttpRequest, expected: number) => {
      for (let attempt = 1; ; attempt++) {
        const server = live[turn++ % live.length]!;
        const started = performance.now();
        const answer = await post(server.baseUrl, build(), agents.get(server));
        if (answer.status === expected) {
          latencies.push(performance.now() - started);
          answeredAt.push(performance.now());
          served.set(server.name, served.get(server.name)! + 1);
          return;
        }
        const retryable = answer.status === 0 || answer.status === 503;
        if (!retryable || attempt === MAX_ATTEMPTS) {
          throw new Error(
            `${server.name} answered ${answer.error ?? answer.status} to ${build().path}`,
          );
        }
        retried += 1;
      }
    };

    let signups = 0;
    let killedAt = 0;
    let lastSignupAt = 0;
    const started = performance.now();
    const person = async ({ phone, formId, ip, replySid }: (typeof people)[number]) => {
      await send(() => signupRequest(formId, phone, ip), 202);
      lastSignupAt = performance.now();
      if (++signups === KILL_AFTER_SIGNUPS) {
        live.splice(live.indexOf(b), 1);
        b.child.kill("SIGKILL");
        killedAt = performance.now();
      }
      // The person answers the text they received. A text the dead server had claimed is sent
      // by the other one when its lease runs out.
      await waitUntil(() => twilio.sentTo(phone).length > 0, `a text to ${phone}`, 150_000);
      await send(() => yesWebhook(phone, replySid, nextClientIp()), 200);
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < people.length) await person(people[next++]!);
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    for (const agent of agents.values()) agent.destroy();
    await b.exited;

    // Nothing left in the outbox; Twilio got exactly one text per person, each recorded once.
    await waitUntil(
      async () =>
        (await db.message.count({
          where: { direction: "OUTBOUND", status: { in: ["QUEUED", "SENDING"] } },
        })) === 0,
      "the outbox is empty",
      120_000,
    );
    const phones = people.map(({ phone }) => phone);
    const textsPerPhone = phones.map((phone) => twilio.sentTo(phone).length);
    expect(textsPerPhone.filter((count) => count !== 1)).toEqual([]);
    const texts = twilio.messages.slice(textsBefore);
    expect(texts).toHaveLength(PEOPLE);
    const recordedSends = await db.message.findMany({
      where: { sid: { in: texts.map((message) => message.sid) } },
      select: { kind: true },
    });
    expect(recordedSends).toHaveLength(PEOPLE);
    expect(recordedSends.every(({ kind }) => kind === "confirmation")).toBe(true);

    // Every YES confirmed, once; one inbound row and one reply per MessageSid.
    const subscribers = await db.subscriber.findMany({
      where: { phone: { in: phones } },
      select: { id: true, status: true },
    });
    expect(subscribers).toHaveLength(PEOPLE);
    expect(subscribers.filter(({ status }) => status !== "CONFIRMED")).toEqual([]);
    const confirmations = await db.consentEvent.groupBy({
      by: ["subscriberId"],
      where: { type: "marketing.confirmed" },
      _count: { _all: true },
    });
    expect(confirmations).toHaveLength(PEOPLE);
    expect(confirmations.filter(({ _count }) => _count._all !== 1)).toEqual([]);
    expect(await db.message.count({ where: { direction: "INBOUND" } })).toBe(PEOPLE);
    expect(await db.message.count({ where: { kind: "reply" } })).toBe(PEOPLE);

    // The evidence chains of every organization verify.
    for (const { organizationId } of organizations) {
      const verification = await verifyChains({ organizationId });
      expect(verification.firstBroken).toBeNull();
      expect(verification.ok).toBe(true);
    }

    // Figures. Rates are answered requests per second of wall time: with both servers up to
    // the kill, then with one until the last signup was answered.
    answeredAt.sort((x, y) => x - y);
    latencies.sort((x, y) => x - y);
    const beforeKill = answeredAt.filter((at) => at <= killedAt).length;
    const oneServerWindow = answeredAt.filter((at) => at > killedAt && at <= lastSignupAt);
    const fmt = (n: number, digits = 0) => n.toFixed(digits);
    console.log(
      [
        `[two-servers] ${PEOPLE} signups + ${PEOPLE} YES webhooks, concurrency ${CONCURRENCY}, ` +
          `${ORGANIZATIONS} organizations; server B SIGKILLed after ${KILL_AFTER_SIGNUPS} signups`,
        `  all answered in ${fmt(seconds, 1)} s (${fmt((2 * PEOPLE) / seconds, 1)} requests/s overall, ` +
          `including the wait for the dead server's 60 s leases)`,
        `  two servers: ${fmt(beforeKill / (killedAt / 1000 - started / 1000), 1)} requests/s ` +
          `(${beforeKill} answered before the kill)`,
        `  one server after the kill: ${fmt(oneServerWindow.length / ((lastSignupAt - killedAt) / 1000), 1)} requests/s ` +
          `(until the last signup was answered)`,
        `  latency p50 ${fmt(percentile(latencies, 0.5), 1)} ms, p99 ${fmt(percentile(latencies, 0.99), 1)} ms`,
        `  answered by A ${served.get("A")}, by B ${served.get("B")}; ${retried} retried on the other server`,
        `  texts at Twilio ${texts.length} (${PEOPLE} people), confirmed ${subscribers.length}, ` +
          `confirmation events ${confirmations.length}, duplicates 0, chains intact`,
        `  load average ${loadavg()
          .map((n) => n.toFixed(2))
          .join(" ")}`,
      ].join("\n"),
    );
  });
});
