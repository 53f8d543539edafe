// The hot paths' cost in database round trips, counted where they reach the database (see
// tests/support/count-database-round-trips.ts: on the wire for PostgreSQL, at PGlite's protocol
// entry point), so that a change that adds a query to a public signup or a YES reply fails
// here. BEGIN and COMMIT count. The SMS a signup queues is sent after the request, in the
// background; its cost is not the request's and has a budget of its own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { db, getConnection } from "@/lib/db/client";
import { getForm } from "@/lib/forms/get-form";
import { publishForm } from "@/lib/forms/publish-form";
import { saveFormDraft } from "@/lib/forms/save-form-draft";
import { Prisma } from "@/lib/generated/prisma/client";
import { recentRequestsSql } from "@/lib/risk/read-risk-state";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import {
  countDatabaseRoundTrips,
  type RoundTripCounter,
} from "../support/count-database-round-trips";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

/** The budget of issue 9 for each path, BEGIN and COMMIT included. */
const MAX_ROUND_TRIPS = 8;
/**
 * The send of a signup's text after the answer: the claim, marking it SENDING, the SID alone,
 * then BEGIN, the status with the chain's head, the evidence, COMMIT. The tests' dev provider
 * answers with a final status at once, so its sends record two events: one more statement.
 */
const MAX_SEND_ROUND_TRIPS = 8;
const onPostgres = getConnection().kind === "postgres";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

let fixture: Fixture;
let counter: RoundTripCounter;
let lastIp = 0;

beforeAll(async () => {
  fixture = await createPublishedFormFixture();
  counter = await countDatabaseRoundTrips();
});

afterAll(async () => {
  await outboxIdle();
  await counter.stop();
});

async function signUp(phone: string, formVersionId = fixture.version.id) {
  lastIp += 1;
  const response = await signupRoute(
    signupRequest(
      fixture.form.slug,
      { phone, country: "US", marketingConsent: true, formVersionId },
      { "x-forwarded-for": `198.51.100.${lastIp}` },
    ),
    { params: Promise.resolve({ formId: fixture.form.slug }) },
  );
  expect(response.status).toBe(202);
}

async function reply(from: string, body: string) {
  const response = await smsWebhook(
    signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(from, body)),
  );
  expect(response.status).toBe(200);
  return response.text();
}

/** What `run` itself sends to the database (the background send is let finish first). */
async function count(run: () => Promise<unknown>) {
  await outboxIdle();
  counter.reset();
  await run();
  const counts = counter.read();
  await outboxIdle();
  return counts;
}

function expectWithinBudget(counts: { roundTrips: number; statements: number }) {
  // PGlite runs in the process: what it is handed is statements (its BEGIN and COMMIT come
  // with an extra Sync each, which costs no trip anywhere).
  expect(counts.statements).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
  if (onPostgres) expect(counts.roundTrips).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
}

describe("round trips on the hot paths", () => {
  it("a public signup of a new number", async () => {
    await signUp("+12015550140"); // the form version is loaded once, then kept in memory
    const counts = await count(() => signUp("+12015550141"));
    expectWithinBudget(counts);
    // Not vacuous: the pre-checks, the transaction and its writes are all seen.
    expect(counts.statements).toBeGreaterThanOrEqual(6);
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550141" } });
    expect(subscriber.status).toBe("PENDING");
  });

  it("a signup and the send of its confirmation, after the answer", async () => {
    await outboxIdle();
    counter.reset();
    await signUp("+12015550142");
    await outboxIdle();
    const counts = counter.read();
    expect(counts.statements).toBeLessThanOrEqual(MAX_ROUND_TRIPS + MAX_SEND_ROUND_TRIPS);
    if (onPostgres) {
      expect(counts.roundTrips).toBeLessThanOrEqual(MAX_ROUND_TRIPS + MAX_SEND_ROUND_TRIPS);
    }
    // Not vacuous: the text went out and its evidence is recorded.
    const message = await db.message.findFirstOrThrow({
      where: { to: "+12015550142", kind: "confirmation" },
    });
    expect(message.sid).not.toBeNull();
    expect(
      await db.consentEvent.count({
        where: { subscriberId: message.subscriberId, type: "sms.sent" },
      }),
    ).toBe(1);
  });

  it("a repeated signup of a pending number", async () => {
    await db.subscriber.updateMany({
      where: { phone: "+12015550141" },
      data: { lastSignupSmsAt: new Date(Date.now() - 3600_000) },
    });
    expectWithinBudget(await count(() => signUp("+12015550141")));
  });

  it("a signed YES", async () => {
    await signUp("+12015550150");
    const counts = await count(() => reply("+12015550150", "YES"));
    expectWithinBudget(counts);
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550150" } });
    expect(subscriber.status).toBe("CONFIRMED");
    const events = await db.consentEvent.findMany({
      where: { subscriberId: subscriber.id },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.type)).toContain("marketing.confirmed");
  });

  it("a newly published version is used at once, without waiting for a cache to expire", async () => {
    await signUp("+12015550160");
    const { content } = await getForm({
      organizationId: fixture.organizationId,
      formId: fixture.form.id,
    });
    await saveFormDraft({
      organizationId: fixture.organizationId,
      formId: fixture.form.id,
      input: { ...content, buttonLabel: "Count me in" },
    });
    const next = await publishForm({
      organizationId: fixture.organizationId,
      formId: fixture.form.id,
      userId: fixture.account.user.id,
    });
    await signUp("+12015550161", next.id);
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550161" } });
    expect(subscriber.formVersionId).toBe(next.id);
    const [event] = await db.consentEvent.findMany({
      where: { subscriberId: subscriber.id, type: "signup.submitted" },
    });
    expect(event?.data).toMatchObject({ formVersionId: next.id, buttonLabel: "Count me in" });
  });
});

describe("the risk checks' window", () => {
  it("reads signups by IP and by number prefix through their indexes, not the organization's history", async () => {
    // An organization with a long history in the last hour: signups and other events from
    // many networks and number ranges, and code sends.
    await db.$executeRaw`
      INSERT INTO "ConsentEvent" ("id", "organizationId", "chainId", "seq", "hash", "type",
        "data", "actorType", "ip", "createdAt")
      SELECT 'history-' || i, ${fixture.organizationId}, 'history-' || i, 1, md5(i::text),
        CASE WHEN i % 2 = 0 THEN 'signup.submitted' ELSE 'sms.sent' END,
        jsonb_build_object('phone', '+1' || (300 + i % 600) || lpad(i::text, 7, '0')), 'SYSTEM',
        '10.0.' || (i % 250) || '.' || (i % 200), now() - (i % 3600) * interval '1 second'
      FROM generate_series(1, 5000) AS i`;
    await db.$executeRaw`
      INSERT INTO "VerificationCode" ("id", "organizationId", "phone", "purpose", "provider",
        "sequence", "expiresAt", "ip", "lastSentAt")
      SELECT 'history-' || i, ${fixture.organizationId}, '+1' || (300 + i % 600) || lpad(i::text, 7, '0'),
        'enrollment', 'dev', 1, now(), '10.0.' || (i % 250) || '.' || (i % 200),
        now() - (i % 3600) * interval '1 second'
      FROM generate_series(1, 2000) AS i`;
    await db.$executeRaw`ANALYZE "ConsentEvent"`;
    await db.$executeRaw`ANALYZE "VerificationCode"`;
    const sql = recentRequestsSql(
      fixture.organizationId,
      { ip: "198.51.100.1", phone: "+12015550199" },
      new Date(),
    );
    const plan = await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ "QUERY PLAN": unknown }[]>(
        Prisma.sql`EXPLAIN (FORMAT JSON) ${sql}`,
      );
      return JSON.stringify(row?.["QUERY PLAN"]);
    });
    for (const index of [
      "ConsentEvent_signup_ip_idx",
      "ConsentEvent_signup_prefix_idx",
      "VerificationCode_organizationId_ip_lastSentAt_idx",
      "VerificationCode_prefix_lastSentAt_idx",
    ]) {
      expect(plan).toContain(`"Index Name":"${index}"`);
    }
    expect(plan).not.toContain(`"Node Type":"Seq Scan"`);
  });
});
