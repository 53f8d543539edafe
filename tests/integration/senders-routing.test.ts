// Senders per organization (issue 12): an inbound text or a status callback is routed by the
// receiving number (To) and the Twilio account (AccountSid) to exactly one sender, checked
// with that account's own auth token, and acts only on the audiences of that sender. Two
// organizations with their own senders share a subscriber's phone number here.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { POST as statusWebhook } from "@/app/api/webhooks/twilio/status/route";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { createSender, setAudienceSender, updateSender } from "@/lib/senders/manage-senders";
import { unsealSenderSecret } from "@/lib/senders/sender-credentials";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { signTwilioRequest } from "@/lib/sms/twilio-signature";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  newMessageSid,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

const ACCOUNT_A = `AC${"a".repeat(32)}`;
const ACCOUNT_B = `AC${"b".repeat(32)}`;
const TOKEN_A = "tokenAaaaaaaaaaaaaaaaaaaaaaaaaa1";
const TOKEN_B = "tokenBbbbbbbbbbbbbbbbbbbbbbbbbb2";
const NEW_TOKEN_A = "tokenCccccccccccccccccccccccccc3";
const NUMBER_A = "+12025550101";
const NUMBER_B = "+12025550102";

let orgA: Fixture;
let orgB: Fixture;
let senderA: { id: string };
let senderB: { id: string };

/** A webhook to `path`, signed as Twilio signs it with `token`. */
function signedWith(path: string, params: Record<string, string>, token: string): Request {
  const url = `${getEnv().publicBaseUrl}${path}`;
  return new Request(`http://internal${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signTwilioRequest(url, params, token),
      "x-forwarded-for": "54.172.60.2",
    },
    body: new URLSearchParams(params).toString(),
  });
}

function textTo(
  to: string,
  accountSid: string,
  from: string,
  body: string,
  token: string,
  sid = newMessageSid(),
) {
  const params = { ...inboundSmsParams(from, body, sid), To: to, AccountSid: accountSid };
  return smsWebhook(signedWith("/api/webhooks/twilio/sms", params, token));
}

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

const subscriberIn = (fixture: Fixture, phone: string) =>
  db.subscriber.findFirstOrThrow({ where: { organizationId: fixture.organizationId, phone } });

beforeAll(async () => {
  orgA = await createPublishedFormFixture({ label: "Alpha" });
  orgB = await createPublishedFormFixture({ label: "Beta" });
  senderA = await createSender({
    organizationId: orgA.organizationId,
    actor: SYSTEM_ACTOR,
    input: {
      name: "Alpha line",
      accountSid: ACCOUNT_A,
      authToken: TOKEN_A,
      numberType: "LONG_CODE",
      numbers: NUMBER_A,
    },
  });
  senderB = await createSender({
    organizationId: orgB.organizationId,
    actor: SYSTEM_ACTOR,
    input: {
      name: "Beta line",
      accountSid: ACCOUNT_B,
      authToken: TOKEN_B,
      numberType: "LONG_CODE",
      numbers: [NUMBER_B],
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

describe("sender credentials", () => {
  it("stores the auth token sealed and bound to the organization, showing only its last 4 characters", async () => {
    const row = await db.sender.findUniqueOrThrow({ where: { id: senderA.id } });
    expect(row.authTokenSealed).not.toContain(TOKEN_A);
    expect(row.authTokenLast4).toBe(TOKEN_A.slice(-4));
    expect(unsealSenderSecret(row.authTokenSealed, orgA.organizationId)).toBe(TOKEN_A);
    // Copied onto another organization's row, it does not open.
    expect(() => unsealSenderSecret(row.authTokenSealed, orgB.organizationId)).toThrow();
  });

  it("refuses a number another sender on the same Twilio account already has, changing nothing", async () => {
    const before = await db.sender.count();
    await expect(
      createSender({
        organizationId: orgB.organizationId,
        actor: SYSTEM_ACTOR,
        input: {
          name: "Copy",
          accountSid: ACCOUNT_A,
          authToken: TOKEN_B,
          numberType: "LONG_CODE",
          numbers: NUMBER_A,
        },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await db.sender.count()).toBe(before);
  });

  it("refuses to give an audience another organization's sender", async () => {
    await expect(
      setAudienceSender({
        organizationId: orgA.organizationId,
        audienceId: orgA.audience.id,
        senderId: senderB.id,
        actor: SYSTEM_ACTOR,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const audience = await db.audience.findUniqueOrThrow({ where: { id: orgA.audience.id } });
    expect(audience.senderId).toBe(senderA.id);
  });
});

describe("inbound texts routed by To and AccountSid", () => {
  const phone = "+12015550601";

  it("a YES to one organization's number confirms only that organization's signup", async () => {
    await signUp(orgA, phone);
    await signUp(orgB, phone);
    const response = await textTo(NUMBER_B, ACCOUNT_B, phone, "YES", TOKEN_B);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<Message");
    expect((await subscriberIn(orgB, phone)).status).toBe("CONFIRMED");
    expect((await subscriberIn(orgA, phone)).status).toBe("PENDING");
    await textTo(NUMBER_A, ACCOUNT_A, phone, "YES", TOKEN_A);
    expect((await subscriberIn(orgA, phone)).status).toBe("CONFIRMED");
  });

  it("a STOP to one organization's number leaves the other organization's subscriber untouched", async () => {
    const sid = newMessageSid();
    const response = await textTo(NUMBER_A, ACCOUNT_A, phone, "STOP", TOKEN_A, sid);
    expect(response.status).toBe(200);
    const a = await subscriberIn(orgA, phone);
    const b = await subscriberIn(orgB, phone);
    expect(a.status).toBe("UNSUBSCRIBED");
    expect(b.status).toBe("CONFIRMED");
    const revoked = await db.consentEvent.findMany({
      where: { type: "marketing.revoked", subscriberId: { in: [a.id, b.id] } },
    });
    expect(revoked.map((event) => event.subscriberId)).toEqual([a.id]);
    const inbound = await db.message.findUniqueOrThrow({ where: { sid } });
    expect(inbound).toMatchObject({ senderId: senderA.id, organizationId: orgA.organizationId });
    const reply = await db.message.findFirstOrThrow({ where: { inReplyToId: inbound.id } });
    expect(reply).toMatchObject({ from: NUMBER_A, senderId: senderA.id });
  });

  it("refuses a text signed with the other organization's token, changing nothing", async () => {
    const sid = newMessageSid();
    const response = await textTo(NUMBER_B, ACCOUNT_B, phone, "STOP", TOKEN_A, sid);
    expect(response.status).toBe(403);
    expect((await subscriberIn(orgB, phone)).status).toBe("CONFIRMED");
    expect(await db.message.findUnique({ where: { sid } })).toBeNull();
    // Nor with the installation's token.
    const params = { ...inboundSmsParams(phone, "STOP"), To: NUMBER_B, AccountSid: ACCOUNT_B };
    const installation = await smsWebhook(signedTwilioRequest("/api/webhooks/twilio/sms", params));
    expect(installation.status).toBe(403);
    expect((await subscriberIn(orgB, phone)).status).toBe("CONFIRMED");
  });

  it("a number given with the wrong account reaches no sender: recorded, answered 200, nothing changed", async () => {
    // NUMBER_B on account A (signed with A's token): account A has no such number.
    const sid = newMessageSid();
    const response = await textTo(NUMBER_B, ACCOUNT_A, phone, "STOP", TOKEN_A, sid);
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain("<Message");
    expect((await subscriberIn(orgB, phone)).status).toBe("CONFIRMED");
    const inbound = await db.message.findUniqueOrThrow({ where: { sid } });
    expect(inbound).toMatchObject({ organizationId: null, subscriberId: null, senderId: null });
    expect(await db.message.count({ where: { inReplyToId: inbound.id } })).toBe(0);
  });

  it("an unknown To on the installation's account is recorded and changes nothing", async () => {
    const sid = newMessageSid();
    const params = { ...inboundSmsParams(phone, "STOP", sid), To: "+12025550999" };
    const response = await smsWebhook(signedTwilioRequest("/api/webhooks/twilio/sms", params));
    expect(response.status).toBe(200);
    expect((await subscriberIn(orgB, phone)).status).toBe("CONFIRMED");
    expect(await db.message.findUniqueOrThrow({ where: { sid } })).toMatchObject({
      organizationId: null,
      senderId: null,
    });
  });

  it("a STOP to the installation's default sender leaves audiences on their own sender untouched", async () => {
    const response = await smsWebhook(
      signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(phone, "STOP")),
    );
    expect(response.status).toBe(200);
    expect((await subscriberIn(orgB, phone)).status).toBe("CONFIRMED");
  });

  it("after an audience moves back to the default sender, its subscribers answer there", async () => {
    await setAudienceSender({
      organizationId: orgB.organizationId,
      audienceId: orgB.audience.id,
      senderId: null,
      actor: SYSTEM_ACTOR,
    });
    try {
      await textTo(NUMBER_B, ACCOUNT_B, phone, "STOP", TOKEN_B);
      expect((await subscriberIn(orgB, phone)).status).toBe("CONFIRMED");
      await smsWebhook(
        signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(phone, "STOP")),
      );
      expect((await subscriberIn(orgB, phone)).status).toBe("UNSUBSCRIBED");
      expect((await subscriberIn(orgA, phone)).status).toBe("UNSUBSCRIBED");
    } finally {
      await setAudienceSender({
        organizationId: orgB.organizationId,
        audienceId: orgB.audience.id,
        senderId: senderB.id,
        actor: SYSTEM_ACTOR,
      });
    }
  });

  it("a new auth token takes effect at once: the old one is refused", async () => {
    const newToken = NEW_TOKEN_A;
    await updateSender({
      organizationId: orgA.organizationId,
      senderId: senderA.id,
      actor: SYSTEM_ACTOR,
      input: {
        name: "Alpha line",
        accountSid: ACCOUNT_A,
        authToken: newToken,
        numberType: "LONG_CODE",
        numbers: NUMBER_A,
      },
    });
    expect((await textTo(NUMBER_A, ACCOUNT_A, phone, "HELP", TOKEN_A)).status).toBe(403);
    expect((await textTo(NUMBER_A, ACCOUNT_A, phone, "HELP", newToken)).status).toBe(200);
    const events = await db.consentEvent.findMany({
      where: { organizationId: orgA.organizationId, type: "sender.updated" },
    });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]!.data)).not.toContain(newToken);
  });
});

describe("status callbacks routed by AccountSid", () => {
  it("records a status only when signed by the account of the message's sender", async () => {
    const phone = "+12015550602";
    const sid = newMessageSid();
    await textTo(NUMBER_B, ACCOUNT_B, phone, "HELP", TOKEN_B, sid);
    const inbound = await db.message.findUniqueOrThrow({ where: { sid } });
    const reply = await db.message.findFirstOrThrow({ where: { inReplyToId: inbound.id } });
    const path = `/api/webhooks/twilio/status?messageId=${reply.id}`;
    const callback = (accountSid: string) => ({
      MessageSid: newMessageSid(),
      MessageStatus: "delivered",
      AccountSid: accountSid,
      From: NUMBER_B,
      To: phone,
    });

    // Account A's token, claiming to be account A: not A's message.
    expect((await statusWebhook(signedWith(path, callback(ACCOUNT_A), NEW_TOKEN_A))).status).toBe(
      204,
    );
    expect((await db.message.findUniqueOrThrow({ where: { id: reply.id } })).status).toBe(
      "ACCEPTED",
    );
    // Account B named, but signed with A's token: refused.
    expect((await statusWebhook(signedWith(path, callback(ACCOUNT_B), NEW_TOKEN_A))).status).toBe(
      403,
    );
    // The right account and token.
    expect((await statusWebhook(signedWith(path, callback(ACCOUNT_B), TOKEN_B))).status).toBe(204);
    expect((await db.message.findUniqueOrThrow({ where: { id: reply.id } })).status).toBe(
      "DELIVERED",
    );
  });
});

describe("dev numbers (dev SMS provider)", () => {
  it("gives each organization its own number: its texts come from it, and a STOP to it concerns only that organization", async () => {
    const devA = await createPublishedFormFixture({ label: "Delta" });
    const devB = await createPublishedFormFixture({ label: "Epsilon" });
    const [a, b] = await Promise.all(
      [devA, devB].map((f) =>
        db.organization.findUniqueOrThrow({ where: { id: f.organizationId } }),
      ),
    );
    expect(a!.devSmsNumber).toMatch(/^\+1500\d{7}$/);
    expect(a!.devSmsNumber).not.toBe(b!.devSmsNumber);

    const phone = "+12015550603";
    await signUp(devA, phone);
    await signUp(devB, phone);
    const confirmationFrom = async (fixture: Fixture) =>
      (
        await db.message.findFirstOrThrow({
          where: { organizationId: fixture.organizationId, to: phone, kind: "confirmation" },
        })
      ).from;
    expect(await confirmationFrom(devA)).toBe(a!.devSmsNumber);
    expect(await confirmationFrom(devB)).toBe(b!.devSmsNumber);

    // Signed as the dev provider signs (the installation's dev token), to A's dev number.
    const params = { ...inboundSmsParams(phone, "STOP"), To: a!.devSmsNumber };
    const response = await smsWebhook(signedTwilioRequest("/api/webhooks/twilio/sms", params));
    expect(response.status).toBe(200);
    expect((await subscriberIn(devA, phone)).status).toBe("UNSUBSCRIBED");
    expect((await subscriberIn(devB, phone)).status).toBe("PENDING");
  });
});
