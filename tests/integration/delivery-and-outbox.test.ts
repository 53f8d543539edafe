// Outbound SMS through the real twilio SDK against a local Twilio API server; status
// callbacks; and the outbox that keeps an SMS alive while Twilio is down.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { POST as statusWebhook } from "@/app/api/webhooks/twilio/status/route";
import { db } from "@/lib/db/client";
import { processOutbox } from "@/lib/sms/outbox";
import { FakeTwilio } from "../support/fake-twilio";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN } from "../support/test-env";
import { useFakeTwilio } from "../support/use-fake-twilio";

const twilio = new FakeTwilio({
  accountSid: FAKE_TWILIO_ACCOUNT_SID,
  authToken: FAKE_TWILIO_AUTH_TOKEN,
});
let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;

async function signUp(phone: string) {
  const response = await signupRoute(
    signupRequest(
      fixture.form.id,
      { phone, country: "US", marketingConsent: true },
      { "x-forwarded-for": `10.0.0.${phone.slice(-2)}` },
    ),
    { params: Promise.resolve({ formId: fixture.form.id }) },
  );
  await outboxIdle();
  expect(response.status).toBe(202);
  return db.message.findFirstOrThrow({
    where: { to: `+1${phone}`, kind: "confirmation" },
    orderBy: { createdAt: "desc" },
  });
}

function statusCallback(params: Record<string, string>, messageId?: string) {
  const path = `/api/webhooks/twilio/status${messageId ? `?messageId=${messageId}` : ""}`;
  return statusWebhook(signedTwilioRequest(path, params));
}

beforeAll(async () => {
  await twilio.start();
  useFakeTwilio(twilio);
  fixture = await createPublishedFormFixture();
});
afterAll(() => twilio.stop());
beforeEach(() => twilio.reset());

describe("sending through Twilio", () => {
  it("sends the confirmation with the twilio SDK: From number, body and status callback URL", async () => {
    const message = await signUp("2015550401");
    expect(twilio.messages).toHaveLength(1);
    const sent = twilio.messages[0]!;
    expect(sent).toMatchObject({
      to: "+12015550401",
      from: "+12025550000",
      messagingServiceSid: null,
      body: message.body,
      statusCallback: `http://optline.test/api/webhooks/twilio/status?messageId=${message.id}`,
    });
    expect(message).toMatchObject({
      provider: "twilio",
      sid: sent.sid,
      status: "ACCEPTED",
      providerStatus: "queued",
      attempts: 1,
    });
  });

  it("uses the messaging service when one is configured", async () => {
    useFakeTwilio(twilio, { TWILIO_MESSAGING_SERVICE_SID: `MG${"2".repeat(32)}` });
    try {
      const message = await signUp("2015550402");
      expect(twilio.messages[0]).toMatchObject({
        from: null,
        messagingServiceSid: `MG${"2".repeat(32)}`,
      });
      expect(message).toMatchObject({ from: `MG${"2".repeat(32)}`, providerStatus: "accepted" });
      // The status callback tells us which number the service picked.
      await statusCallback({
        MessageSid: message.sid!,
        MessageStatus: "sent",
        From: "+12025550111",
      });
      expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).from).toBe(
        "+12025550111",
      );
    } finally {
      useFakeTwilio(twilio);
    }
  });

  it("keeps the SMS queued while Twilio fails, and the outbox sends it later", async () => {
    twilio.failNext(1, 503, 20503, "Service Unavailable");
    const message = await signUp("2015550403");
    expect(message).toMatchObject({
      status: "QUEUED",
      sid: null,
      attempts: 1,
      errorMessage: "Service Unavailable",
    });
    expect(message.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    const failed = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: message.subscriberId!, type: "sms.failed" },
    });
    expect(failed.data).toMatchObject({ willRetry: true, attempts: 1 });

    // Not due yet: the worker leaves it alone.
    expect(await processOutbox()).toBe(0);
    // As after a restart, once it is due:
    await db.message.update({
      where: { id: message.id },
      data: { nextAttemptAt: new Date(Date.now() - 1000) },
    });
    expect(await processOutbox()).toBe(1);
    const sent = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(sent).toMatchObject({
      status: "ACCEPTED",
      attempts: 2,
      errorMessage: null,
      sid: twilio.messages[0]!.sid,
    });
  });

  it("gives up at once on an error Twilio will not get over (opted-out recipient)", async () => {
    twilio.optedOut.add("+12015550404");
    const message = await signUp("2015550404");
    expect(message).toMatchObject({ status: "FAILED", errorCode: 21610, sid: null });
    expect(await processOutbox()).toBe(0);
  });

  it("picks up a message whose sender died mid-send once its lease expires", async () => {
    twilio.failNext(1);
    const message = await signUp("2015550405");
    // Simulate a crash after claiming: leased, due, never finished.
    await db.message.update({
      where: { id: message.id },
      data: {
        nextAttemptAt: new Date(Date.now() - 1000),
        lockedUntil: new Date(Date.now() + 60_000),
      },
    });
    expect(await processOutbox()).toBe(0);
    await db.message.update({
      where: { id: message.id },
      data: { lockedUntil: new Date(Date.now() - 1) },
    });
    expect(await processOutbox()).toBe(1);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe(
      "ACCEPTED",
    );
  });
});

describe("status callbacks", () => {
  it("moves a message forward, records final delivery as evidence, and ignores late or repeated callbacks", async () => {
    const message = await signUp("2015550410");
    const sid = message.sid!;
    expect((await statusCallback({ MessageSid: sid, MessageStatus: "sent" })).status).toBe(204);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("SENT");

    await statusCallback({ MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30003" });
    await statusCallback({ MessageSid: sid, MessageStatus: "sent" }); // late
    await statusCallback({ MessageSid: sid, MessageStatus: "undelivered", ErrorCode: "30003" }); // repeated
    const final = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    expect(final).toMatchObject({
      status: "UNDELIVERED",
      errorCode: 30003,
      providerStatus: "undelivered",
    });
    const deliveries = await db.consentEvent.findMany({
      where: { subscriberId: message.subscriberId!, type: "sms.delivery" },
    });
    expect(deliveries.map((event) => event.data)).toEqual([
      { messageId: message.id, kind: "confirmation", sid, status: "UNDELIVERED", errorCode: 30003 },
    ]);
  });

  it("learns the SID of a TwiML reply from its status callback", async () => {
    await signUp("2015550411");
    const response = await smsWebhook(
      signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams("+12015550411", "YES")),
    );
    const twiml = await response.text();
    const replyId = /messageId=(\w+)/.exec(twiml)?.[1];
    expect(replyId).toBeDefined();
    const replySid = `SM${"d".repeat(32)}`;
    await statusCallback({ MessageSid: replySid, MessageStatus: "delivered" }, replyId);
    expect(await db.message.findUniqueOrThrow({ where: { id: replyId! } })).toMatchObject({
      sid: replySid,
      status: "DELIVERED",
    });
  });

  it("ignores callbacks for messages it does not know", async () => {
    const response = await statusCallback({
      MessageSid: `SM${"e".repeat(32)}`,
      MessageStatus: "delivered",
    });
    expect(response.status).toBe(204);
    expect(await db.message.count({ where: { sid: `SM${"e".repeat(32)}` } })).toBe(0);
  });
});
