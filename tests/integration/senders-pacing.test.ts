// Sending rate per sender (issue 12): the outbox paces each sender at its rate through a token
// bucket in the database, shared by every outbox that claims from it. Two outbox loops (as two
// app servers run them) drain one sender's queue here, and the fake Twilio's receive times
// show the pace. Messages without a token wait in our queue: none is lost or sent twice.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { db, getConnection } from "@/lib/db/client";
import { createSender, setAudienceSender } from "@/lib/senders/manage-senders";
import { processOutbox } from "@/lib/sms/outbox";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { fakeTwilioForFile } from "../support/use-fake-twilio";
import { createPublishedFormFixture, signupRequest } from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

const twilio = fakeTwilioForFile({ TWILIO_FROM_NUMBER: "+12025550000" });
const ACCOUNT = `AC${"c".repeat(32)}`;
const onPostgres = getConnection().kind === "postgres";
const TOKEN = "tokenCccccccccccccccccccccccccc3";

async function senderFixture(label: string, number: string, messagesPerSecond: number | null) {
  const fixture = await createPublishedFormFixture({ label });
  const sender = await createSender({
    organizationId: fixture.organizationId,
    actor: SYSTEM_ACTOR,
    input: {
      name: `${label} line`,
      accountSid: ACCOUNT,
      authToken: TOKEN,
      numberType: "LONG_CODE",
      messagesPerSecond: messagesPerSecond ?? "",
      numbers: number,
    },
  });
  await setAudienceSender({
    organizationId: fixture.organizationId,
    audienceId: fixture.audience.id,
    senderId: sender.id,
    actor: SYSTEM_ACTOR,
  });
  return { fixture, sender };
}

/** A pending subscriber of the fixture's audience (its confirmation sent), and its id. */
async function subscriberOf(fixture: Fixture, phone: string): Promise<string> {
  const response = await signupRoute(
    signupRequest(fixture.form.slug, {
      phone,
      country: "US",
      marketingConsent: true,
      formVersionId: fixture.version.id,
    }),
    { params: Promise.resolve({ formId: fixture.form.slug }) },
  );
  expect(response.status).toBe(202);
  await outboxIdle();
  const subscriber = await db.subscriber.findFirstOrThrow({
    where: { organizationId: fixture.organizationId, phone },
  });
  // Consent confirmed, so that notices may go out to it.
  await db.subscriber.update({ where: { id: subscriber.id }, data: { status: "CONFIRMED" } });
  return subscriber.id;
}

/** `count` queued notices to the subscriber, "notice 1"… (one statement). */
async function queueNotices(fixture: Fixture, subscriberId: string, phone: string, count: number) {
  await db.$executeRaw`
    INSERT INTO "Message" ("id", "organizationId", "subscriberId", "direction", "kind", "purpose",
      "provider", "from", "to", "body", "status", "nextAttemptAt", "createdAt")
    SELECT 'pace' || md5(random()::text || i::text), ${fixture.organizationId}, ${subscriberId},
      'OUTBOUND', 'notice', 'MARKETING', 'twilio', '', ${phone}, 'notice ' || i, 'QUEUED',
      now(), now()
    FROM generate_series(1, ${count}::int) AS i`;
}

const notSentYet = (organizationId: string) =>
  db.message.count({
    where: { organizationId, direction: "OUTBOUND", status: { in: ["QUEUED", "SENDING"] } },
  });

/** Two outbox loops, as two app servers run them, until the organization's queue is empty. */
async function drainWithTwoServers(organizationId: string, batch: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const server = async () => {
    while (Date.now() < deadline) {
      if ((await processOutbox(batch)) > 0) continue;
      if ((await notSentYet(organizationId)) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  await Promise.all([server(), server()]);
  expect(await notSentYet(organizationId)).toBe(0);
}

beforeAll(() => {
  twilio.addAccount(ACCOUNT, TOKEN);
});

describe("sending rate per sender", () => {
  it("holds a long code to 1 message per second across two outboxes; the rest waits in the queue", async () => {
    twilio.addAccount(ACCOUNT, TOKEN);
    const { fixture } = await senderFixture("Longcode", "+12025550301", null);
    const phone = "+12015550801";
    const subscriberId = await subscriberOf(fixture, phone);
    await queueNotices(fixture, subscriberId, phone, 5);

    // One pass: at most one token (the confirmation just took the first); the others wait,
    // due later, still QUEUED and not counted as an attempt.
    await processOutbox(50);
    const waiting = await db.message.findMany({
      where: { organizationId: fixture.organizationId, kind: "notice", status: "QUEUED" },
    });
    expect(waiting.length).toBeGreaterThanOrEqual(4);
    for (const message of waiting) {
      expect(message.attempts).toBe(0);
      expect(message.lockedUntil).toBeNull();
      expect(message.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() - 1000);
    }

    await drainWithTwoServers(fixture.organizationId, 50, 60_000);
    const received = twilio
      .sentTo(phone)
      .map((message) => message.createdAt.getTime())
      .sort((a, b) => a - b);
    expect(received).toHaveLength(6); // the confirmation and 5 notices, each once
    // A token a second. Twilio sees a send some time after its token was taken (one HTTP
    // request on a busy machine, from either outbox), so arrivals can bunch a little: never
    // more than 3 in any second (unpaced, all 6 arrive at once), and the six spread over
    // most of the 5 s their tokens take.
    for (let i = 3; i < received.length; i++) {
      expect(received[i]! - received[i - 3]!).toBeGreaterThanOrEqual(1000);
    }
    expect(received.at(-1)! - received[0]!).toBeGreaterThanOrEqual(3500);
  });

  it(
    "drains a large queue (10,000 on PostgreSQL) at the configured rate, none lost or sent twice",
    async () => {
      twilio.addAccount(ACCOUNT, TOKEN);
      const rate = 400;
      // PGlite is one connection in this process (one app server, WEB_CONCURRENCY=1): 500
      // there keeps the run short; PostgreSQL takes the full 10,000.
      const count = onPostgres ? 10_000 : 500;
      const { fixture } = await senderFixture("Bulk", "+12025550302", rate);
      const phone = "+12015550802";
      const subscriberId = await subscriberOf(fixture, phone);
      await queueNotices(fixture, subscriberId, phone, count);

      await drainWithTwoServers(fixture.organizationId, 200, 15 * 60_000);
      const notices = twilio.sentTo(phone).filter((message) => message.body.startsWith("notice "));
      expect(notices).toHaveLength(count);
      expect(new Set(notices.map((message) => message.body)).size).toBe(count);
      expect(
        await db.message.count({
          where: { organizationId: fixture.organizationId, kind: "notice", sid: null },
        }),
      ).toBe(0);
      // Never faster than the rate: in any second, at most `rate` sends plus the bucket's
      // one-second burst (and a little HTTP jitter).
      const times = notices.map((message) => message.createdAt.getTime()).sort((a, b) => a - b);
      let start = 0;
      for (let end = 0; end < times.length; end++) {
        while (times[end]! - times[start]! >= 1000) start += 1;
        expect(end - start + 1).toBeLessThanOrEqual(2 * rate + 20);
      }
      // The whole drain took at least what the rate allows (10,000 at 400/s: 25 s, less the burst).
      expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(
        ((count - rate) / rate) * 1000 - 500,
      );
    },
    16 * 60_000,
  );
});
