// REST API v1: API-key authentication, organization scoping, filters and cursor pagination.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getOne } from "@/app/api/v1/subscribers/[subscriberId]/route";
import { GET as list } from "@/app/api/v1/subscribers/route";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { userActor } from "@/lib/consent-events/actor";
import { revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { db } from "@/lib/db/client";
import { createPublishedFormFixture, signupRequest } from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;
let mine: Fixture;
let theirs: Fixture;
let key: string;

const call = (path: string, token: string | null = key) =>
  new Request(`http://internal${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

async function json(response: Response) {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function signUp(fixture: Fixture, phone: string) {
  const response = await signupRoute(
    signupRequest(
      fixture.form.id,
      { phone, country: "US", marketingConsent: true },
      { "x-forwarded-for": `10.9.${phone.slice(-3, -2)}.${phone.slice(-2)}` },
    ),
    { params: Promise.resolve({ formId: fixture.form.id }) },
  );
  await outboxIdle();
  expect(response.status).toBe(202);
}

beforeAll(async () => {
  mine = await createPublishedFormFixture({ label: "Mine" });
  theirs = await createPublishedFormFixture({ label: "Theirs" });
  for (let i = 0; i < 5; i++) await signUp(mine, `20155507${i}0`);
  await signUp(theirs, "2015550799");
  ({ key } = await createApiKey({
    organizationId: mine.organizationId,
    actor: userActor(mine.account.user),
    input: { name: "test", scopes: ["subscribers:read"] },
  }));
});

describe("GET /api/v1/subscribers", () => {
  it("refuses calls without a valid key", async () => {
    expect((await json(await list(call("/api/v1/subscribers", null)))).status).toBe(401);
    expect(
      (await json(await list(call("/api/v1/subscribers", "optl_not-a-real-key")))).status,
    ).toBe(401);
    expect((await json(await list(call("/api/v1/subscribers", "Basic abc")))).status).toBe(401);
  });

  it("lists only the key's organization, newest first, with consents", async () => {
    const { status, body } = await json(await list(call("/api/v1/subscribers")));
    expect(status).toBe(200);
    const data = body.data as {
      phone: string;
      status: string;
      consents: { marketing: { grantedAt: string } };
    }[];
    expect(data.map((s) => s.phone)).toEqual([
      "+12015550740",
      "+12015550730",
      "+12015550720",
      "+12015550710",
      "+12015550700",
    ]);
    expect(
      data.every((s) => s.status === "pending" && s.consents.marketing.grantedAt.endsWith("Z")),
    ).toBe(true);
  });

  it("pages with a cursor and never repeats or skips", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const path: string = `/api/v1/subscribers?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const { body } = await json(await list(call(path)));
      seen.push(...(body.data as { phone: string }[]).map((s) => s.phone));
      cursor = body.nextCursor as string | null;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it("filters by status and audience", async () => {
    await db.subscriber.updateMany({
      where: { phone: "+12015550700" },
      data: { status: "CONFIRMED" },
    });
    const confirmed = await json(await list(call("/api/v1/subscribers?status=confirmed")));
    expect((confirmed.body.data as { phone: string }[]).map((s) => s.phone)).toEqual([
      "+12015550700",
    ]);
    const otherAudience = await json(
      await list(call(`/api/v1/subscribers?audienceId=${theirs.audience.id}`)),
    );
    expect(otherAudience.body.data).toEqual([]);
  });

  it("answers 422 with field errors to bad query parameters", async () => {
    const bad = await json(await list(call("/api/v1/subscribers?status=maybe&limit=1000")));
    expect(bad.status).toBe(422);
    expect(Object.keys((bad.body.error as { fields: object }).fields).sort()).toEqual([
      "limit",
      "status",
    ]);
    const cursor = await json(await list(call("/api/v1/subscribers?cursor=garbage")));
    expect(cursor.status).toBe(422);
  });
});

describe("GET /api/v1/subscribers/:id", () => {
  it("returns one subscriber with its events", async () => {
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550710" } });
    const { status, body } = await json(
      await getOne(call(`/api/v1/subscribers/${subscriber.id}`), {
        params: Promise.resolve({ subscriberId: subscriber.id }),
      }),
    );
    expect(status).toBe(200);
    const data = body.data as {
      phone: string;
      events: { type: string; seq: number; hash: string; prevHash: string | null }[];
    };
    expect(data.phone).toBe("+12015550710");
    expect(data.events.map((e) => e.type)).toEqual([
      "signup.submitted",
      "sms.sent",
      "sms.delivery",
    ]);
    expect(data.events[1]!.prevHash).toBe(data.events[0]!.hash);
  });

  it("answers 404 for another organization's subscriber", async () => {
    const other = await db.subscriber.findFirstOrThrow({
      where: { organizationId: theirs.organizationId },
    });
    const { status, body } = await json(
      await getOne(call(`/api/v1/subscribers/${other.id}`), {
        params: Promise.resolve({ subscriberId: other.id }),
      }),
    );
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "NOT_FOUND", message: "Subscriber not found" } });
  });

  it("stops accepting a revoked key", async () => {
    const { apiKey, key: doomed } = await createApiKey({
      organizationId: mine.organizationId,
      actor: userActor(mine.account.user),
      input: { name: "doomed", scopes: ["subscribers:read"] },
    });
    expect((await list(call("/api/v1/subscribers", doomed))).status).toBe(200);
    await revokeApiKey({
      organizationId: mine.organizationId,
      apiKeyId: apiKey.id,
      actor: userActor(mine.account.user),
    });
    expect((await list(call("/api/v1/subscribers", doomed))).status).toBe(401);
  });

  it("stores only the key's hash", async () => {
    const rows = await db.apiKey.findMany();
    expect(rows.every((row) => !JSON.stringify(row).includes(key))).toBe(true);
  });
});
