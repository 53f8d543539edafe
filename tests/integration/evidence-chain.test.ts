// The hash chain detects what the database triggers cannot stop: someone with direct access
// who disables the trigger and edits, removes or reorders evidence.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as verifyRoute } from "@/app/api/v1/evidence/verify/route";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { userActor } from "@/lib/consent-events/actor";
import { publishCheckpoint, publishDueCheckpoints } from "@/lib/consent-events/publish-checkpoint";
import { recordEvent } from "@/lib/consent-events/record-event";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { verifyCheckpoint } from "@/lib/consent-events/verify-checkpoint";
import { db, getConnection } from "@/lib/db/client";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let subscriberId: string;
let key: string;

async function behindTheAppsBack(sql: string) {
  const raw = getConnection().raw;
  await raw.exec(`ALTER TABLE "ConsentEvent" DISABLE TRIGGER "ConsentEvent_append_only"`);
  try {
    await raw.exec(sql);
  } finally {
    await raw.exec(`ALTER TABLE "ConsentEvent" ENABLE TRIGGER "ConsentEvent_append_only"`);
  }
}

const verifyApi = async (query = "") => {
  const response = await verifyRoute(
    new Request(`http://internal/api/v1/evidence/verify${query}`, {
      headers: { authorization: `Bearer ${key}` },
    }),
  );
  return {
    status: response.status,
    body: (await response.json()) as { data: Awaited<ReturnType<typeof verifyChains>> },
  };
};

beforeAll(async () => {
  fixture = await createPublishedFormFixture();
  for (const phone of ["2015550701", "2015550702"]) {
    const response = await signupRoute(
      signupRequest(fixture.form.id, { phone, country: "US", marketingConsent: true }),
      { params: Promise.resolve({ formId: fixture.form.id }) },
    );
    await outboxIdle();
    expect(response.status).toBe(202);
  }
  await smsWebhook(
    signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams("+12015550701", "YES")),
  );
  subscriberId = (await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550701" } })).id;
  ({ key } = await createApiKey({
    organizationId: fixture.organizationId,
    actor: userActor(fixture.account.user),
    input: { name: "audit", scopes: ["evidence:read"] },
  }));
});

describe("hash chain verification", () => {
  it("reports intact chains, per subscriber and for the whole organization", async () => {
    const one = await verifyChains({ organizationId: fixture.organizationId, subscriberId });
    expect(one).toMatchObject({ ok: true, checked: 4, chains: 1, firstBroken: null });
    const all = await verifyChains({ organizationId: fixture.organizationId });
    expect(all).toMatchObject({ ok: true, chains: 3, firstBroken: null }); // two subscribers + the org chain (API key)
    expect((await verifyApi()).body.data.ok).toBe(true);
  });

  it("finds an event edited behind the application's back", async () => {
    const target = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId, type: "marketing.confirmed" },
    });
    await behindTheAppsBack(
      `UPDATE "ConsentEvent" SET "data" = jsonb_set("data", '{reply,body}', '"YES please (edited)"') WHERE "id" = '${target.id}'`,
    );
    const result = await verifyChains({ organizationId: fixture.organizationId, subscriberId });
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { eventId: target.id, seq: target.seq, reason: "hash_mismatch" },
    });
    const api = await verifyApi(`?subscriberId=${subscriberId}`);
    expect(api.body.data.firstBroken?.eventId).toBe(target.id);
    // Putting the original back restores the chain: the check is about content, not about the trigger.
    await behindTheAppsBack(
      `UPDATE "ConsentEvent" SET "data" = '${JSON.stringify(target.data).replace(/'/g, "''")}'::jsonb WHERE "id" = '${target.id}'`,
    );
    expect((await verifyChains({ organizationId: fixture.organizationId, subscriberId })).ok).toBe(
      true,
    );
  });

  it("finds a deleted event", async () => {
    const victim = await db.consentEvent.findFirstOrThrow({ where: { subscriberId, seq: 2 } });
    await behindTheAppsBack(`DELETE FROM "ConsentEvent" WHERE "id" = '${victim.id}'`);
    const result = await verifyChains({ organizationId: fixture.organizationId });
    expect(result).toMatchObject({
      ok: false,
      firstBroken: { chainId: subscriberId, seq: 3, reason: "seq_gap" },
    });
  });

  it("finds a rehashed forgery whose link to the previous event no longer holds", async () => {
    const other = (await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550702" } })).id;
    const first = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: other, seq: 1 },
    });
    // A forger who recomputes the edited row's own hash still breaks the next link.
    await behindTheAppsBack(
      `UPDATE "ConsentEvent" SET "hash" = repeat('0', 64) WHERE "id" = '${first.id}'`,
    );
    const result = await verifyChains({
      organizationId: fixture.organizationId,
      subscriberId: other,
    });
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(1);
  });

  it("answers 404 for another organization's subscriber and 401 without a key", async () => {
    const stranger = await createPublishedFormFixture({ label: "Stranger" });
    const { key: strangerKey } = await createApiKey({
      organizationId: stranger.organizationId,
      actor: userActor(stranger.account.user),
      input: { name: "s", scopes: ["evidence:read"] },
    });
    const response = await verifyRoute(
      new Request(`http://internal/api/v1/evidence/verify?subscriberId=${subscriberId}`, {
        headers: { authorization: `Bearer ${strangerKey}` },
      }),
    );
    expect(response.status).toBe(404);
    expect((await verifyRoute(new Request("http://internal/api/v1/evidence/verify"))).status).toBe(
      401,
    );
  });
});

describe("chain heads and checkpoints", () => {
  let organizations = 0;
  // A fresh organization per test: these tests break its evidence on purpose.
  async function organizationWithEvidence(label: string) {
    const org = await createPublishedFormFixture({ label });
    const n = ++organizations;
    const phones = [`20155507${n}1`, `20155507${n}2`];
    for (const phone of phones) {
      const response = await signupRoute(
        signupRequest(
          org.form.id,
          { phone, country: "US", marketingConsent: true },
          { "x-forwarded-for": `10.7.${n}.1` },
        ),
        { params: Promise.resolve({ formId: org.form.id }) },
      );
      expect(response.status).toBe(202);
      await outboxIdle();
    }
    await createApiKey({
      organizationId: org.organizationId,
      actor: userActor(org.account.user),
      input: { name: "audit", scopes: ["evidence:read"] },
    });
    const [first, second] = await Promise.all(
      phones.map((phone) =>
        db.subscriber.findFirstOrThrow({
          where: { organizationId: org.organizationId, phone: `+1${phone}` },
        }),
      ),
    );
    return { org, first: first!.id, second: second!.id };
  }

  const deleteRows = (table: "ConsentEvent" | "ChainHead", where: string) =>
    table === "ConsentEvent"
      ? behindTheAppsBack(`DELETE FROM "ConsentEvent" WHERE ${where}`)
      : getConnection().raw.exec(`DELETE FROM "ChainHead" WHERE ${where}`);

  it("keeps each chain's head in step with its last event", async () => {
    const { org, first } = await organizationWithEvidence("Heads");
    const last = await db.consentEvent.findFirstOrThrow({
      where: { chainId: first },
      orderBy: { seq: "desc" },
    });
    expect(
      await db.chainHead.findUniqueOrThrow({
        where: { organizationId_chainId: { organizationId: org.organizationId, chainId: first } },
      }),
    ).toMatchObject({ seq: last.seq, hash: last.hash });
  });

  it("detects a truncated tail", async () => {
    const { org, first } = await organizationWithEvidence("Tail");
    const head = await db.chainHead.findUniqueOrThrow({
      where: { organizationId_chainId: { organizationId: org.organizationId, chainId: first } },
    });
    expect(head.seq).toBeGreaterThanOrEqual(3);
    await deleteRows("ConsentEvent", `"chainId" = '${first}' AND "seq" >= ${head.seq - 1}`);
    expect(
      await verifyChains({ organizationId: org.organizationId, subscriberId: first }),
    ).toMatchObject({
      ok: false,
      firstBroken: { chainId: first, seq: head.seq - 1, reason: "tail_missing", eventId: null },
    });
    expect((await verifyChains({ organizationId: org.organizationId })).ok).toBe(false);
  });

  it("detects a whole chain deleted, with or without its head", async () => {
    const { org, first, second } = await organizationWithEvidence("Whole");
    await deleteRows("ConsentEvent", `"chainId" = '${first}'`);
    expect(await verifyChains({ organizationId: org.organizationId })).toMatchObject({
      ok: false,
      firstBroken: { chainId: first, reason: "chain_missing" },
    });
    await deleteRows("ConsentEvent", `"chainId" = '${second}'`);
    await deleteRows("ChainHead", `"chainId" = '${second}'`);
    expect(
      await verifyChains({ organizationId: org.organizationId, subscriberId: second }),
    ).toMatchObject({ ok: false, firstBroken: { chainId: second, reason: "chain_missing" } });
  });

  it("detects a chain and its head deleted since a checkpoint someone kept, and a tampered checkpoint", async () => {
    const { org, first } = await organizationWithEvidence("Checkpoint");
    const organizationId = org.organizationId;
    const kept = (await publishCheckpoint({ organizationId }))!;
    expect(kept).toMatchObject({ seq: 1, prevRoot: null, chains: 3 });
    // The organization's chain holds the setup's events (audience, form, publication) and more.
    const orgSeq = (
      await db.chainHead.findUniqueOrThrow({
        where: { organizationId_chainId: { organizationId, chainId: "org" } },
      })
    ).seq;
    expect(await verifyCheckpoint({ organizationId, reference: kept.root })).toMatchObject({
      ok: true,
      problem: null,
      checkedHeads: 3,
    });
    // Nothing moved: no new checkpoint. Then one event more: the next one links to the first.
    expect((await publishCheckpoint({ organizationId }))!.id).toBe(kept.id);
    await createApiKey({
      organizationId,
      actor: userActor(org.account.user),
      input: { name: "second", scopes: ["evidence:read"] },
    });
    const next = (await publishCheckpoint({ organizationId }))!;
    expect(next).toMatchObject({ seq: 2, prevRoot: kept.root });
    expect(await db.checkpointLeaf.count({ where: { checkpointId: next.id } })).toBe(1);

    // The organization's own chain and its head vanish: nothing else points at them, but the
    // checkpoints do.
    await deleteRows(
      "ConsentEvent",
      `"organizationId" = '${organizationId}' AND "chainId" = 'org'`,
    );
    await deleteRows("ChainHead", `"organizationId" = '${organizationId}' AND "chainId" = 'org'`);
    expect((await verifyChains({ organizationId })).ok).toBe(true);
    expect(await verifyCheckpoint({ organizationId, reference: kept.root })).toMatchObject({
      ok: false,
      problem: { reason: "event_missing", chainId: "org", seq: orgSeq },
    });
    expect(await verifyCheckpoint({ organizationId, reference: next.id })).toMatchObject({
      ok: false,
      problem: { reason: "event_missing", chainId: "org", seq: orgSeq + 1 },
    });
    // A subscriber's chain and head too: caught by the checkpoint and by the subscriber row.
    await deleteRows("ConsentEvent", `"chainId" = '${first}'`);
    await deleteRows("ChainHead", `"chainId" = '${first}'`);
    expect((await verifyChains({ organizationId })).firstBroken?.reason).toBe("chain_missing");

    // Rewriting the checkpoint's leaves to match changes its root.
    const raw = getConnection().raw;
    await raw.exec(`ALTER TABLE "CheckpointLeaf" DISABLE TRIGGER "CheckpointLeaf_append_only"`);
    try {
      await raw.exec(`DELETE FROM "CheckpointLeaf" WHERE "organizationId" = '${organizationId}'
        AND "chainId" IN ('org', '${first}')`);
    } finally {
      await raw.exec(`ALTER TABLE "CheckpointLeaf" ENABLE TRIGGER "CheckpointLeaf_append_only"`);
    }
    expect(await verifyCheckpoint({ organizationId, reference: kept.root })).toMatchObject({
      ok: false,
      problem: { reason: "checkpoint_altered", checkpointSeq: 1 },
    });
    expect(await verifyCheckpoint({ organizationId, reference: "f".repeat(64) })).toMatchObject({
      ok: false,
      problem: { reason: "unknown_checkpoint" },
    });
  });

  it("refuses to change or remove a checkpoint", async () => {
    const { org } = await organizationWithEvidence("Immutable");
    const checkpoint = (await publishCheckpoint({ organizationId: org.organizationId }))!;
    await expect(
      getConnection().raw.exec(`DELETE FROM "EvidenceCheckpoint" WHERE "id" = '${checkpoint.id}'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      getConnection().raw.exec(
        `UPDATE "CheckpointLeaf" SET "seq" = 99 WHERE "checkpointId" = '${checkpoint.id}'`,
      ),
    ).rejects.toThrow(/append-only/);
  });

  it("publishes due checkpoints in the background pass, once per interval", async () => {
    const { org } = await organizationWithEvidence("Due");
    const organizationId = org.organizationId;
    expect(await publishDueCheckpoints({ intervalMinutes: 60 })).toBeGreaterThanOrEqual(1);
    const first = (await db.evidenceCheckpoint.findMany({ where: { organizationId } })).length;
    expect(first).toBe(1);
    await createApiKey({
      organizationId,
      actor: userActor(org.account.user),
      input: { name: "later", scopes: ["evidence:read"] },
    });
    await publishDueCheckpoints({ intervalMinutes: 60 });
    expect(await db.evidenceCheckpoint.count({ where: { organizationId } })).toBe(1);
    await publishDueCheckpoints({ intervalMinutes: 60, now: new Date(Date.now() + 61 * 60_000) });
    expect(await db.evidenceCheckpoint.count({ where: { organizationId } })).toBe(2);
  });

  it("checks a checkpoint through the API, and says 422 to a malformed one", async () => {
    const { org } = await organizationWithEvidence("Api");
    const { key: orgKey } = await createApiKey({
      organizationId: org.organizationId,
      actor: userActor(org.account.user),
      input: { name: "api", scopes: ["evidence:read"] },
    });
    const checkpoint = (await publishCheckpoint({ organizationId: org.organizationId }))!;
    const call = (query: string) =>
      verifyRoute(
        new Request(`http://internal/api/v1/evidence/verify${query}`, {
          headers: { authorization: `Bearer ${orgKey}` },
        }),
      );
    const ok = await call(`?checkpoint=${checkpoint.root}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      data: {
        ok: true,
        checkpoint: { ok: true, checkpoint: { id: checkpoint.id, root: checkpoint.root } },
        latestCheckpoint: { id: checkpoint.id, seq: 1 },
      },
    });
    expect((await call("?checkpoint=nope")).status).toBe(422);
  });

  it("appends concurrent events to one chain one after the other, never twice at one seq", async () => {
    const { org, first } = await organizationWithEvidence("Concurrent");
    const before = await db.consentEvent.count({ where: { chainId: first } });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.$transaction((tx) =>
          recordEvent(tx, {
            organizationId: org.organizationId,
            subscriberId: first,
            type: "subscriber.updated",
            data: { changes: { note: { from: null, to: String(i) } } },
            actor: userActor(org.account.user),
          }),
        ),
      ),
    );
    const seqs = (
      await db.consentEvent.findMany({ where: { chainId: first }, orderBy: { seq: "asc" } })
    ).map((event) => event.seq);
    expect(seqs).toEqual(Array.from({ length: before + 12 }, (_, i) => i + 1));
    expect(
      await verifyChains({ organizationId: org.organizationId, subscriberId: first }),
    ).toMatchObject({ ok: true, checked: before + 12 });
  });

  it("appends an event in two round trips", async () => {
    const { org, first } = await organizationWithEvidence("RoundTrips");
    const statements: string[] = [];
    await db.$transaction(async (tx) => {
      const counted = new Proxy(tx, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver) as unknown;
          if (typeof value === "function" && String(property).startsWith("$")) {
            return (...args: unknown[]) => {
              statements.push(String(property));
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          }
          if (typeof value === "object" && value !== null) {
            statements.push(`model ${String(property)}`);
          }
          return value;
        },
      });
      await recordEvent(counted, {
        organizationId: org.organizationId,
        subscriberId: first,
        type: "subscriber.updated",
        data: { changes: { locale: { from: "en", to: "de" } } },
        actor: userActor(org.account.user),
      });
    });
    expect(statements).toEqual(["$queryRaw", "$executeRaw"]);
    expect(
      (await verifyChains({ organizationId: org.organizationId, subscriberId: first })).ok,
    ).toBe(true);
  });
});
