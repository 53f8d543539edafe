// The hash chain detects what the database triggers cannot stop: someone with direct access
// who disables the trigger and edits, removes or reorders evidence.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as verifyRoute } from "@/app/api/v1/evidence/verify/route";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { userActor } from "@/lib/consent-events/actor";
import { verifyChains } from "@/lib/consent-events/verify-chain";
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
