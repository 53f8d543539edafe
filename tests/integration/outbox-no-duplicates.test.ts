// "A message Twilio accepted is never sent twice", where the outbox loses track of a send: the
// answer never reaches us (a dropped connection, a crash right after Twilio's answer), the
// database is unreachable when the SID should be stored (PostgreSQL behind a TCP proxy that
// the test cuts), and a status callback that tells us first. Also: signup answers without
// waiting for Twilio.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { POST as statusWebhook } from "@/app/api/webhooks/twilio/status/route";
import { closeConnection, db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { processOutbox } from "@/lib/sms/outbox";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import {
  createPublishedFormFixture,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";
import { TcpProxy } from "../support/tcp-proxy";
import { fakeTwilioForFile } from "../support/use-fake-twilio";
import { waitUntil } from "../support/wait-until";

const twilio = fakeTwilioForFile();
let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let lastOctet = 0;

function signUp(phone: string) {
  return signupRoute(
    signupRequest(
      fixture.form.id,
      { phone, country: "US", marketingConsent: true },
      { "x-forwarded-for": `10.8.0.${++lastOctet}` },
    ),
    { params: Promise.resolve({ formId: fixture.form.id }) },
  );
}

const confirmationTo = (to: string) =>
  db.message.findFirstOrThrow({ where: { to, kind: "confirmation" } });

/** The lease ran out (the sender died, or gave up): the next pass may take the message. */
async function leaseExpires(id: string) {
  await db.message.update({
    where: { id },
    data: { lockedUntil: new Date(Date.now() - 1000), nextAttemptAt: new Date(Date.now() - 1000) },
  });
}

const sentEvents = (subscriberId: string) =>
  db.consentEvent.count({ where: { subscriberId, type: "sms.sent" } });

beforeAll(async () => {
  fixture = await createPublishedFormFixture();
});

describe("signup and Twilio", () => {
  it("answers 202 before Twilio answers: the send runs in the background, woken at once", async () => {
    twilio.hold();
    const response = await signUp("2015552001");
    expect(response.status).toBe(202);
    // The answer is out, and Twilio has not answered anything yet.
    expect(twilio.answeredCreates).toBe(0);
    // No polling delay: the send reaches Twilio while Twilio is still holding.
    await waitUntil(() => twilio.pendingCreates === 1, "the confirmation reaches Twilio");
    const sending = await confirmationTo("+12015552001");
    expect(sending).toMatchObject({ status: "SENDING", sid: null });
    expect(sending.sendStartedAt).toBeInstanceOf(Date);

    twilio.release();
    await outboxIdle();
    expect(await confirmationTo("+12015552001")).toMatchObject({
      status: "ACCEPTED",
      sid: twilio.messages[0]!.sid,
    });
  });
});

describe("a send whose outcome the outbox did not get", () => {
  it("finds at Twilio a message whose answer never came back, and does not send it again", async () => {
    twilio.dropAnswers(1);
    await signUp("2015552002");
    await outboxIdle();
    const lost = await confirmationTo("+12015552002");
    // Twilio has it; we do not know: the send may have happened.
    expect(twilio.sentTo("+12015552002")).toHaveLength(1);
    expect(lost).toMatchObject({ status: "SENDING", sid: null });

    await leaseExpires(lost.id);
    expect(await processOutbox()).toBe(1);
    expect(twilio.sentTo("+12015552002")).toHaveLength(1);
    expect(await confirmationTo("+12015552002")).toMatchObject({
      status: "ACCEPTED",
      sid: twilio.messages[0]!.sid,
    });
    expect(await sentEvents(lost.subscriberId!)).toBe(1);
    // Looked up through the list endpoint, by recipient and sender.
    expect(Object.fromEntries(twilio.listRequests[0]!)).toMatchObject({
      To: "+12015552002",
      From: "+12025550000",
      PageSize: "50",
    });
  });

  it("pages through Twilio's list to find it among newer messages to the same number", async () => {
    twilio.dropAnswers(1);
    await signUp("2015552003");
    await outboxIdle();
    const lost = await confirmationTo("+12015552003");
    const ours = twilio.messages[0]!;
    // 120 newer texts to that number from the same account (another app): ours is on page 3.
    for (let i = 0; i < 120; i++) {
      twilio.messages.push({
        ...ours,
        sid: `SM${String(i).padStart(32, "0")}`,
        body: `Other text ${i}`,
        createdAt: new Date(ours.createdAt.getTime() + 1 + i),
      });
    }
    await leaseExpires(lost.id);
    await processOutbox();
    expect(twilio.sentTo("+12015552003").filter((m) => m.body === lost.body)).toHaveLength(1);
    expect((await confirmationTo("+12015552003")).sid).toBe(ours.sid);
    expect(twilio.listRequests.map((query) => query.get("Page") ?? "0")).toEqual(["0", "1", "2"]);
  });

  it("sends once a message Twilio never got (the lookup finds nothing)", async () => {
    twilio.hold();
    await signUp("2015552004");
    await waitUntil(() => twilio.pendingCreates === 1, "the send reaches Twilio");
    // Twilio loses it (it never answers, and it is not in its list).
    twilio.messages.length = 0;
    twilio.dropAnswers(1);
    twilio.release();
    await outboxIdle();
    const lost = await confirmationTo("+12015552004");
    expect(lost.status).toBe("SENDING");
    await leaseExpires(lost.id);
    await processOutbox();
    expect(twilio.sentTo("+12015552004")).toHaveLength(1);
    expect((await confirmationTo("+12015552004")).status).toBe("ACCEPTED");
  });

  it("records the send from the status callback (which names our message) before the answer", async () => {
    twilio.hold();
    await signUp("2015552005");
    await waitUntil(() => twilio.pendingCreates === 1, "the send reaches Twilio");
    const sending = await confirmationTo("+12015552005");
    const { sid } = twilio.messages[0]!;
    const response = await statusWebhook(
      signedTwilioRequest(`/api/webhooks/twilio/status?messageId=${sending.id}`, {
        MessageSid: sid,
        MessageStatus: "sent",
      }),
    );
    expect(response.status).toBe(204);
    expect(await confirmationTo("+12015552005")).toMatchObject({ status: "SENT", sid });
    twilio.release();
    await outboxIdle();
    await leaseExpires(sending.id);
    expect(await processOutbox()).toBe(0);
    expect(twilio.sentTo("+12015552005")).toHaveLength(1);
    expect(await confirmationTo("+12015552005")).toMatchObject({ status: "SENT", sid });
    expect(await sentEvents(sending.subscriberId!)).toBe(1);
  });
});

// The database itself goes away between Twilio's answer and the SID write: only PostgreSQL
// can be cut off (PGlite runs in the process).
describe.runIf(process.env.TEST_DATABASE === "postgres")(
  "PostgreSQL unreachable after Twilio's answer",
  () => {
    let proxy: TcpProxy;
    let directUrl = "";

    beforeAll(async () => {
      directUrl = process.env.DATABASE_URL!;
      const target = new URL(directUrl);
      proxy = await new TcpProxy({
        host: target.hostname,
        port: Number(target.port || 5432),
      }).start();
      await closeConnection();
      process.env.DATABASE_URL = proxy.urlFor(directUrl);
      resetEnvCache();
    });
    afterAll(async () => {
      await closeConnection();
      process.env.DATABASE_URL = directUrl;
      resetEnvCache();
      await proxy.stop();
    });

    it("stores the SID once the database is back, and never sends the message again", async () => {
      twilio.hold();
      expect((await signUp("2015552006")).status).toBe(202);
      await waitUntil(() => twilio.pendingCreates === 1, "the send reaches Twilio");
      proxy.cut();
      twilio.release();
      await waitUntil(() => twilio.answeredCreates === 1, "Twilio answers");
      // The database stays away for a while after Twilio accepted the message.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      proxy.restore();
      await outboxIdle();

      const message = await confirmationTo("+12015552006");
      expect(message).toMatchObject({ status: "ACCEPTED", sid: twilio.messages[0]!.sid });
      await leaseExpires(message.id);
      expect(await processOutbox()).toBe(0);
      expect(twilio.sentTo("+12015552006")).toHaveLength(1);
      expect(await sentEvents(message.subscriberId!)).toBe(1);
    });
  },
);
