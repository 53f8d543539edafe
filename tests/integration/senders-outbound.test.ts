// Senders per organization (issue 12), outbound: the outbox sends each message from its
// audience's sender, with that sender's own Twilio credentials (auth token or API key), and
// records the sender on the message; audiences without one use the installation's Twilio.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { checkSenderConnection, setSenderWebhook } from "@/lib/senders/check-sender-connection";
import { createSender, setAudienceSender } from "@/lib/senders/manage-senders";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { fakeTwilioForFile } from "../support/use-fake-twilio";
import { FAKE_TWILIO_ACCOUNT_SID } from "../support/test-env";
import { createPublishedFormFixture, signupRequest } from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

const twilio = fakeTwilioForFile({ TWILIO_FROM_NUMBER: "+12025550000" });
const ACCOUNT_A = `AC${"a".repeat(32)}`;
const TOKEN_A = "tokenAaaaaaaaaaaaaaaaaaaaaaaaaa1";
const ACCOUNT_B = `AC${"b".repeat(32)}`;
const TOKEN_B = "tokenBbbbbbbbbbbbbbbbbbbbbbbbbb2";
const KEY_B = `SK${"b".repeat(32)}`;
const KEY_SECRET_B = "apikeysecretbbbbbbbbbbbbbbbbbbbb";
const NUMBER_A = "+12025550201";
const SERVICE_B = `MG${"b".repeat(32)}`;

let orgA: Fixture;
let orgB: Fixture;
let orgDefault: Fixture;
let senderA: { id: string };
let senderB: { id: string };

async function signUp(fixture: Fixture, phone: string) {
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
}

beforeAll(async () => {
  orgA = await createPublishedFormFixture({ label: "Alpha" });
  orgB = await createPublishedFormFixture({ label: "Beta" });
  orgDefault = await createPublishedFormFixture({ label: "Gamma" });
  senderA = await createSender({
    organizationId: orgA.organizationId,
    actor: SYSTEM_ACTOR,
    input: {
      name: "Alpha line",
      accountSid: ACCOUNT_A,
      authToken: TOKEN_A,
      numberType: "LONG_CODE",
      // Pacing (1/s for a long code) is senders-pacing.test.ts's subject: here two texts a
      // second apart from this sender must not wait for a token.
      messagesPerSecond: 50,
      numbers: NUMBER_A,
    },
  });
  senderB = await createSender({
    organizationId: orgB.organizationId,
    actor: SYSTEM_ACTOR,
    input: {
      name: "Beta service",
      accountSid: ACCOUNT_B,
      authToken: TOKEN_B,
      apiKeySid: KEY_B,
      apiKeySecret: KEY_SECRET_B,
      messagingServiceSid: SERVICE_B,
      numberType: "MESSAGING_SERVICE",
      numbers: "+12025550202",
    },
  });
  for (const [fixture, sender] of [
    [orgA, senderA],
    [orgB, senderB],
  ] as const) {
    await setAudienceSender({
      organizationId: fixture.organizationId,
      audienceId: fixture.audience.id,
      senderId: sender.id,
      actor: SYSTEM_ACTOR,
    });
  }
});

describe("outbound texts go out from the audience's sender", () => {
  it("sends with the sender's own account and token, from its number, and records the sender", async () => {
    twilio.addAccount(ACCOUNT_A, TOKEN_A);
    await signUp(orgA, "+12015550701");
    const [sent] = twilio.sentTo("+12015550701");
    expect(sent).toMatchObject({ accountSid: ACCOUNT_A, from: NUMBER_A });
    const message = await db.message.findFirstOrThrow({
      where: { to: "+12015550701", kind: "confirmation" },
    });
    expect(message).toMatchObject({ senderId: senderA.id, from: NUMBER_A, sid: sent!.sid });
  });

  it("authenticates with the sender's API key and sends through its messaging service", async () => {
    twilio.addAccount(ACCOUNT_B, TOKEN_B).addApiKey(ACCOUNT_B, KEY_B, KEY_SECRET_B);
    await signUp(orgB, "+12015550702");
    const [sent] = twilio.sentTo("+12015550702");
    expect(sent).toMatchObject({ accountSid: ACCOUNT_B, messagingServiceSid: SERVICE_B });
    const message = await db.message.findFirstOrThrow({ where: { to: "+12015550702" } });
    expect(message.senderId).toBe(senderB.id);
  });

  it("an organization without a sender of its own uses the installation's Twilio", async () => {
    await signUp(orgDefault, "+12015550703");
    const [sent] = twilio.sentTo("+12015550703");
    expect(sent).toMatchObject({ accountSid: FAKE_TWILIO_ACCOUNT_SID, from: "+12025550000" });
    const message = await db.message.findFirstOrThrow({ where: { to: "+12015550703" } });
    expect(message.senderId).toBeNull();
  });

  it("a sender whose token Twilio refuses fails the send; nothing goes out from another account", async () => {
    // ACCOUNT_A no longer accepts TOKEN_A (rotated in Twilio, not in optline).
    twilio.addAccount(ACCOUNT_A, "rotatedAaaaaaaaaaaaaaaaaaaaaaaa9");
    await signUp(orgA, "+12015550704");
    expect(twilio.sentTo("+12015550704")).toHaveLength(0);
    const message = await db.message.findFirstOrThrow({ where: { to: "+12015550704" } });
    expect(message.status).toBe("FAILED");
    expect(message.errorCode).toBe(20003);
  });
});

describe("check connection and set webhook (against the fake Twilio's REST API)", () => {
  it("reports a wrong token, a number not in the account and a webhook not set to optline, then sets it", async () => {
    twilio.addAccount(ACCOUNT_A, "someOtherTokenAaaaaaaaaaaaaaaa0");
    const refused = await checkSenderConnection({
      organizationId: orgA.organizationId,
      senderId: senderA.id,
    });
    expect(refused.ok).toBe(false);
    expect(refused.checks).toEqual([expect.objectContaining({ label: "Credentials", ok: false })]);

    twilio.addAccount(ACCOUNT_A, TOKEN_A);
    const notOwned = await checkSenderConnection({
      organizationId: orgA.organizationId,
      senderId: senderA.id,
    });
    expect(notOwned.ok).toBe(false);
    expect(notOwned.checks).toContainEqual(
      expect.objectContaining({
        label: NUMBER_A,
        ok: false,
        detail: "Not a number of this Twilio account",
      }),
    );

    const number = twilio.addIncomingNumber(ACCOUNT_A, NUMBER_A, "https://elsewhere.example/sms");
    const elsewhere = await checkSenderConnection({
      organizationId: orgA.organizationId,
      senderId: senderA.id,
    });
    expect(elsewhere.checks).toContainEqual(
      expect.objectContaining({ label: NUMBER_A, ok: false }),
    );

    const targets = await setSenderWebhook({
      organizationId: orgA.organizationId,
      senderId: senderA.id,
      actor: SYSTEM_ACTOR,
    });
    expect(targets).toEqual([NUMBER_A]);
    expect(number.smsUrl).toBe("http://optline.test/api/webhooks/twilio/sms");
    const fixed = await checkSenderConnection({
      organizationId: orgA.organizationId,
      senderId: senderA.id,
    });
    expect(fixed.ok).toBe(true);
    expect(
      await db.consentEvent.count({
        where: { organizationId: orgA.organizationId, type: "sender.webhook_set" },
      }),
    ).toBe(1);
  });

  it("sets the messaging service's inbound URL when the service receives the texts", async () => {
    twilio.addAccount(ACCOUNT_B, TOKEN_B).addApiKey(ACCOUNT_B, KEY_B, KEY_SECRET_B);
    const service = twilio.addMessagingService(ACCOUNT_B, SERVICE_B);
    twilio.addIncomingNumber(ACCOUNT_B, "+12025550202");
    expect(
      (await checkSenderConnection({ organizationId: orgB.organizationId, senderId: senderB.id }))
        .ok,
    ).toBe(false);
    await setSenderWebhook({
      organizationId: orgB.organizationId,
      senderId: senderB.id,
      actor: SYSTEM_ACTOR,
    });
    expect(service.inboundRequestUrl).toBe("http://optline.test/api/webhooks/twilio/sms");
    expect(
      (await checkSenderConnection({ organizationId: orgB.organizationId, senderId: senderB.id }))
        .ok,
    ).toBe(true);
  });

  it("does not check or change another organization's sender", async () => {
    await expect(
      checkSenderConnection({ organizationId: orgA.organizationId, senderId: senderB.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      setSenderWebhook({
        organizationId: orgA.organizationId,
        senderId: senderB.id,
        actor: SYSTEM_ACTOR,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
