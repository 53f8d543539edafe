// The double opt-in loop through the real route handlers, on a real database: signup ->
// confirmation SMS -> YES -> confirmed -> STOP -> unsubscribed -> START, with the evidence
// each step leaves behind.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { parseEventData } from "@/lib/consent-events/event-types";
import { db } from "@/lib/db/client";
import {
  countRows,
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;
const params = (formId: string) => ({ params: Promise.resolve({ formId }) });

async function signUp(fixture: Fixture, phone: string, extra: Record<string, unknown> = {}) {
  const response = await signupRoute(
    signupRequest(fixture.form.slug, {
      phone,
      country: "US",
      marketingConsent: true,
      formVersionId: fixture.version.id,
      pageUrl: "https://shop.example.com/spring?utm_source=sms",
      referrer: "https://www.google.com/",
      ...extra,
    }),
    params(fixture.form.slug),
  );
  await outboxIdle();
  return response;
}

async function text(from: string, body: string, sid?: string) {
  const response = await smsWebhook(
    signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(from, body, sid)),
  );
  return { status: response.status, twiml: await response.text() };
}

async function eventsOf(subscriberId: string) {
  const rows = await db.consentEvent.findMany({ where: { subscriberId }, orderBy: { seq: "asc" } });
  return rows.map((row) => ({ ...row, parsed: parseEventData(row.type, row.data) }));
}

describe("double opt-in loop", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await createPublishedFormFixture();
  });

  it("records the signup as pending with full consent evidence and sends the confirmation SMS at once", async () => {
    const response = await signUp(fixture, "(201) 555-0101");
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "pending", phone: "+1 ••• ••• 0101" });

    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { phone: "+12015550101" },
      include: { consents: true },
    });
    expect(subscriber).toMatchObject({
      status: "PENDING",
      organizationId: fixture.organizationId,
      audienceId: fixture.audience.id,
      formVersionId: fixture.version.id,
      country: "US",
    });
    expect(subscriber.consents).toHaveLength(1);
    expect(subscriber.consents[0]).toMatchObject({
      purpose: "MARKETING",
      grantMethod: "form",
      confirmedAt: null,
      revokedAt: null,
    });

    const [signup, ...rest] = await eventsOf(subscriber.id);
    expect(signup?.type).toBe("signup.submitted");
    expect(signup?.data).toMatchObject({
      formId: fixture.form.id,
      formVersionId: fixture.version.id,
      formVersion: 1,
      consentTextSha256: createHash("sha256").update(fixture.version.consentText).digest("hex"),
      pageUrl: "https://shop.example.com/spring?utm_source=sms",
      referrer: "https://www.google.com/",
      checkboxInitiallyChecked: false,
      checkboxChecked: true,
      outcome: "pending",
      confirmationQueued: true,
    });
    expect(signup).toMatchObject({
      ip: "203.0.113.7",
      userAgent: "Mozilla/5.0 (integration test)",
      actorType: "SUBSCRIBER",
    });
    expect(signup?.createdAt.getTime()).toBeGreaterThan(Date.now() - 10_000);

    const confirmation = await db.message.findFirstOrThrow({
      where: { subscriberId: subscriber.id, kind: "confirmation" },
    });
    // With the dev provider, each organization texts from its own dev number.
    const { devSmsNumber } = await db.organization.findUniqueOrThrow({
      where: { id: fixture.organizationId },
    });
    expect(confirmation).toMatchObject({
      direction: "OUTBOUND",
      status: "DELIVERED",
      to: "+12015550101",
      from: devSmsNumber,
    });
    expect(confirmation.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(confirmation.body).toBe(
      "Acme Deals: Reply YES to confirm your subscription to recurring marketing texts. Up to 4 msgs/month. Msg & data rates may apply. Reply HELP for help, STOP to cancel.",
    );
    expect(rest.map((event) => event.type)).toEqual(["sms.sent", "sms.delivery"]);
    expect(rest[0]?.data).toMatchObject({ sid: confirmation.sid, body: confirmation.body });
  });

  it("confirms on YES, records the reply as evidence and answers in TwiML", async () => {
    const sid = `SM${"a".repeat(32)}`;
    const { status, twiml } = await text("+12015550101", " yes ", sid);
    expect(status).toBe(200);
    expect(twiml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message action="http:\/\/optline\.test\/api\/webhooks\/twilio\/status\?messageId=\w+" method="POST">Acme Deals: Thanks, you're subscribed!/,
    );

    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { phone: "+12015550101" },
      include: { consents: true },
    });
    expect(subscriber.status).toBe("CONFIRMED");
    expect(subscriber.confirmedAt).toBeInstanceOf(Date);
    expect(subscriber.consents[0]?.confirmedAt).toEqual(subscriber.confirmedAt);

    const confirmed = (await eventsOf(subscriber.id)).find(
      (event) => event.type === "marketing.confirmed",
    );
    const confirmationSid = (
      await db.message.findFirstOrThrow({
        where: { subscriberId: subscriber.id, kind: "confirmation" },
      })
    ).sid;
    expect(confirmed?.data).toMatchObject({
      method: "sms_reply",
      confirmationSid,
      reply: {
        sid,
        from: "+12015550101",
        to: "+15005550006",
        body: " yes ",
        signatureVerified: true,
      },
    });
  });

  it("ignores a duplicate webhook: same answer, nothing written", async () => {
    const sid = `SM${"b".repeat(32)}`;
    const first = await text("+12015550101", "What is this?", sid);
    const before = await countRows();
    const second = await text("+12015550101", "What is this?", sid);
    expect(second).toEqual(first);
    expect(await countRows()).toEqual(before);
  });

  it("unsubscribes on STOP, revokes marketing consent and confirms by SMS", async () => {
    const { twiml } = await text("+12015550101", "STOP");
    expect(twiml).toContain(
      "Acme Deals: You're unsubscribed and will get no more messages. Reply START to resubscribe.",
    );
    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { phone: "+12015550101" },
      include: { consents: true },
    });
    expect(subscriber.status).toBe("UNSUBSCRIBED");
    expect(subscriber.consents[0]).toMatchObject({ revokeMethod: "keyword" });
    expect(subscriber.consents[0]?.revokedAt).toBeInstanceOf(Date);
    const revoked = (await eventsOf(subscriber.id)).find(
      (event) => event.type === "marketing.revoked",
    );
    const reply = await db.message.findFirstOrThrow({
      where: { subscriberId: subscriber.id, kind: "reply" },
      orderBy: { createdAt: "desc" },
    });
    expect(revoked?.data).toMatchObject({
      method: "keyword",
      keyword: "STOP",
      rawText: "STOP",
      replyMessageId: reply.id,
    });
  });

  it("re-subscribes on START", async () => {
    const { twiml } = await text("+12015550101", "start");
    expect(twiml).toContain("You're subscribed again.");
    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { phone: "+12015550101" },
      include: { consents: true },
    });
    expect(subscriber.status).toBe("CONFIRMED");
    expect(subscriber.consents[0]).toMatchObject({ revokedAt: null, grantMethod: "keyword" });
    expect((await eventsOf(subscriber.id)).at(-1)?.type).toBe("marketing.regranted");
  });

  it("catches a free-text revocation", async () => {
    await text("+12015550101", "Please stop texting me, thanks");
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550101" } });
    expect(subscriber.status).toBe("UNSUBSCRIBED");
    const revoked = (await eventsOf(subscriber.id)).at(-1);
    expect(revoked?.data).toMatchObject({
      method: "free_text",
      keyword: null,
      rawText: "Please stop texting me, thanks",
    });
  });

  it("re-subscribes an opted-out number that replies YES", async () => {
    await text("+12015550101", "YES");
    expect(
      (await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550101" } })).status,
    ).toBe("CONFIRMED");
  });

  it("answers HELP with the form's help text and records the request", async () => {
    const { twiml } = await text("+12015550101", "help");
    expect(twiml).toContain(
      "Acme Deals: Help at help@acmedeals.shop. Up to 4 msgs/month. Msg &amp; data rates may apply. Reply STOP to cancel.",
    );
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550101" } });
    expect((await eventsOf(subscriber.id)).at(-1)?.type).toBe("help.requested");
  });

  it("answers an unknown number with a generic hint and links the message to nobody", async () => {
    const { twiml } = await text("+12015550199", "hello?");
    expect(twiml).toContain(
      "This number sends program alerts only. Reply HELP for help or STOP to opt out.",
    );
    const inbound = await db.message.findFirstOrThrow({
      where: { from: "+12015550199", direction: "INBOUND" },
    });
    expect(inbound).toMatchObject({ organizationId: null, subscriberId: null, body: "hello?" });
  });

  it("hints a pending subscriber to reply YES", async () => {
    await signUp(fixture, "2015550102");
    const { twiml } = await text("+12015550102", "what?");
    expect(twiml).toContain(
      "Acme Deals: Reply YES to confirm your subscription, HELP for help or STOP to cancel.",
    );
  });

  it("does not duplicate a pending number or resend within a minute", async () => {
    const before = await countRows();
    const response = await signUp(fixture, "+1 201 555 0102", {
      pageUrl: "https://shop.example.com/again",
    });
    expect(response.status).toBe(202);
    const after = await countRows();
    expect(after.subscribers).toBe(before.subscribers);
    expect(after.messages).toBe(before.messages);
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550102" } });
    const last = (await eventsOf(subscriber.id)).at(-1);
    expect(last?.data).toMatchObject({
      outcome: "repeat_pending",
      confirmationQueued: false,
      pageUrl: "https://shop.example.com/again",
    });
  });

  it("resends once the minute has passed", async () => {
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550102" } });
    await db.subscriber.update({
      where: { id: subscriber.id },
      data: { lastSignupSmsAt: new Date(Date.now() - 61_000) },
    });
    await signUp(fixture, "2015550102");
    expect(
      await db.message.count({ where: { subscriberId: subscriber.id, kind: "confirmation" } }),
    ).toBe(2);
  });

  it("texts an already confirmed number a notice instead of a new confirmation", async () => {
    await signUp(fixture, "2015550103");
    await text("+12015550103", "Y");
    await signUp(fixture, "2015550103"); // within the cooldown: no SMS at all
    expect(await db.message.count({ where: { to: "+12015550103", kind: "notice" } })).toBe(0);
    await db.subscriber.updateMany({
      where: { phone: "+12015550103" },
      data: { lastSignupSmsAt: new Date(Date.now() - 61_000) },
    });
    await signUp(fixture, "2015550103");
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550103" } });
    expect(subscriber.status).toBe("CONFIRMED");
    const notice = await db.message.findFirstOrThrow({
      where: { subscriberId: subscriber.id, kind: "notice" },
    });
    expect(notice.body).toBe(
      "Acme Deals: You're already subscribed. Reply HELP for help, STOP to cancel.",
    );
  });

  it("creates one subscriber when the same new number is submitted concurrently", async () => {
    const responses = await Promise.all([1, 2, 3].map(() => signUp(fixture, "2015550104")));
    expect(responses.map((response) => response.status)).toEqual([202, 202, 202]);
    expect(await db.subscriber.count({ where: { phone: "+12015550104" } })).toBe(1);
    expect(await db.message.count({ where: { to: "+12015550104", kind: "confirmation" } })).toBe(1);
  });

  it("confirms only the signup whose confirmation went out last when one number is pending twice", async () => {
    const other = await createPublishedFormFixture({ label: "Other" });
    await signUp(fixture, "2015550105");
    await db.subscriber.updateMany({
      where: { phone: "+12015550105" },
      data: { lastSignupSmsAt: new Date(Date.now() - 3600_000) },
    });
    await signUp(other, "2015550105");
    await text("+12015550105", "YES");
    const rows = await db.subscriber.findMany({
      where: { phone: "+12015550105" },
      select: { organizationId: true, status: true },
    });
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.organizationId === other.organizationId)?.status).toBe(
      "CONFIRMED",
    );
    expect(rows.find((row) => row.organizationId === fixture.organizationId)?.status).toBe(
      "PENDING",
    );
  });
});
