// The Dev phone can no longer forge consent: it reaches only the member's own organization's
// subscribers, and what is typed there is recorded as a staff action on the Dev phone (never
// as a signed carrier reply), in the evidence, the proof and the export.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { userActor } from "@/lib/consent-events/actor";
import { getProof } from "@/lib/compliance/get-proof";
import { db } from "@/lib/db/client";
import { sendDevText } from "@/lib/dev-phone/dev-phone";
import { exportConsentEvents } from "@/lib/exports/export-consent-events";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { createPublishedFormFixture, signupRequest } from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;
let mine: Fixture;
let theirs: Fixture;

async function signUp(fixture: Fixture, phone: string) {
  const response = await signupRoute(
    signupRequest(fixture.form.id, { phone, country: "US", marketingConsent: true }),
    { params: Promise.resolve({ formId: fixture.form.id }) },
  );
  expect(response.status).toBe(202);
  await outboxIdle();
  return db.subscriber.findFirstOrThrow({
    where: { organizationId: fixture.organizationId, phone: `+1${phone}` },
  });
}

const devText = (fixture: Fixture, phone: string, body: string) =>
  sendDevText({
    organizationId: fixture.organizationId,
    actor: userActor(fixture.account.user, { ip: "10.0.0.5", userAgent: "Chromium" }),
    phone,
    body,
  });

beforeAll(async () => {
  mine = await createPublishedFormFixture({ label: "Mine" });
  theirs = await createPublishedFormFixture({ label: "Theirs" });
});

describe("Dev phone", () => {
  it("refuses another organization's subscriber and changes nothing there", async () => {
    const victim = await signUp(theirs, "2015553001");
    const eventsBefore = await db.consentEvent.count({ where: { subscriberId: victim.id } });
    await expect(devText(mine, "+12015553001", "YES")).rejects.toMatchObject({
      status: 422,
      fields: { phone: [expect.stringContaining("your organization's subscribers") as string] },
    });
    await expect(devText(mine, "+12015553001", "STOP")).rejects.toMatchObject({ status: 422 });
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: victim.id } })).status).toBe(
      "PENDING",
    );
    expect(await db.consentEvent.count({ where: { subscriberId: victim.id } })).toBe(eventsBefore);
    expect(await db.message.count({ where: { from: "+12015553001" } })).toBe(0);
  });

  it("acts on the member's own subscriber only, even when another organization has the same number", async () => {
    const ours = await signUp(mine, "2015553002");
    const same = await signUp(theirs, "2015553002");
    await devText(mine, "+12015553002", "YES");
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: ours.id } })).status).toBe(
      "CONFIRMED",
    );
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: same.id } })).status).toBe(
      "PENDING",
    );
  });

  it("records the reply as a Dev phone staff action: channel dev_phone, no signature, the member as actor", async () => {
    const subscriber = await signUp(mine, "2015553003");
    await devText(mine, "+12015553003", "YES");
    const confirmed = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: subscriber.id, type: "marketing.confirmed" },
    });
    expect(confirmed).toMatchObject({
      actorType: "USER",
      actorId: mine.account.user.id,
      ip: "10.0.0.5",
      data: {
        method: "sms_reply",
        reply: { channel: "dev_phone", signatureVerified: false, body: "YES" },
      },
    });
    // The welcome reply is "delivered" as the phone would report it.
    const reply = await db.message.findFirstOrThrow({
      where: { subscriberId: subscriber.id, kind: "reply" },
    });
    expect(reply.status).toBe("DELIVERED");

    const { data: proof } = await getProof({
      organizationId: mine.organizationId,
      subscriberId: subscriber.id,
    });
    expect(proof.confirmations[0]?.reply).toMatchObject({
      channel: "dev_phone",
      signatureVerified: false,
    });

    const { stream } = await exportConsentEvents({
      organizationId: mine.organizationId,
      actor: userActor(mine.account.user),
      query: { format: "ndjson" },
    });
    const rows = (await new Response(stream).text())
      .trim()
      .split("\n")
      .map(
        (line) =>
          JSON.parse(line) as {
            subscriberId: string;
            type: string;
            actorType: string;
            data: unknown;
          },
      );
    const row = rows.find(
      (r) => r.subscriberId === subscriber.id && r.type === "marketing.confirmed",
    )!;
    expect(row.actorType).toBe("user");
    expect(JSON.stringify(row.data)).toContain('"channel":"dev_phone"');
  });

  it("refuses a number that is nobody's subscriber", async () => {
    await expect(devText(mine, "+12015553099", "HELP")).rejects.toMatchObject({ status: 422 });
  });
});
