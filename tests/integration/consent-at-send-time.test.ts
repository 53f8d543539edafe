// "No text after consent is gone", at every place it can break: a text queued while Twilio was
// down is canceled by the STOP (same transaction) and, should anything skip that, by the
// outbox's claim and by its send-started marker; staff and API withdrawals, deletion and
// suppression cancel too; the STOP confirmation itself still goes out; and codes sent
// outside the outbox are held to the same rule.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { userActor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { processOutbox } from "@/lib/sms/outbox";
import { claimMessages } from "@/lib/sms/outbox-claim";
import { sendClaimedMessage } from "@/lib/sms/outbox";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { changeConsent } from "@/lib/verification/change-consent";
import { checkVerification } from "@/lib/verification/check-verification";
import { requestVerification } from "@/lib/verification/request-verification";
import {
  createEnrollmentFormFixture,
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";
import { fakeTwilioForFile } from "../support/use-fake-twilio";

const twilio = fakeTwilioForFile();
let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let lastOctet = 0;

/** Signs up while Twilio answers 503: the confirmation stays QUEUED, due in a while. */
async function signUpWhileTwilioIsDown(phone: string) {
  twilio.failNext(1, 503, 20503, "Service Unavailable");
  const response = await signupRoute(
    signupRequest(
      fixture.form.id,
      { phone, country: "US", marketingConsent: true },
      { "x-forwarded-for": `10.9.0.${++lastOctet}` },
    ),
    { params: Promise.resolve({ formId: fixture.form.id }) },
  );
  expect(response.status).toBe(202);
  await outboxIdle();
  const message = await db.message.findFirstOrThrow({
    where: { to: `+1${phone}`, kind: "confirmation" },
    orderBy: { createdAt: "desc" },
  });
  expect(message).toMatchObject({ status: "QUEUED", sid: null, attempts: 1 });
  return message;
}

/** Twilio is back and the retry is due (as after the backoff, or after a restart). */
async function twilioRecovers() {
  await db.message.updateMany({
    where: { status: { in: ["QUEUED", "SENDING"] } },
    data: { nextAttemptAt: new Date(Date.now() - 1000), lockedUntil: null },
  });
  while ((await processOutbox()) > 0) {
    // Until nothing is due.
  }
}

async function text(from: string, body: string) {
  const response = await smsWebhook(
    signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(from, body)),
  );
  expect(response.status).toBe(200);
  return response.text();
}

async function canceledEvents(subscriberId: string) {
  return db.consentEvent.findMany({
    where: { subscriberId, type: "sms.canceled" },
    orderBy: { seq: "asc" },
  });
}

beforeAll(async () => {
  fixture = await createPublishedFormFixture();
});

describe("a text queued while Twilio was down, then STOP", () => {
  it("sends nothing after STOP but the STOP confirmation: canceled in the STOP's transaction, with evidence", async () => {
    const queued = await signUpWhileTwilioIsDown("2015551001");
    const twiml = await text("+12015551001", "STOP");
    // The STOP confirmation goes out (a TwiML reply: Twilio sends it with its answer).
    expect(twiml).toContain("You're unsubscribed");

    expect(await db.message.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: "CANCELED",
      cancelReason: "marketing_revoked",
      nextAttemptAt: null,
    });
    const [canceled] = await canceledEvents(queued.subscriberId!);
    expect(canceled?.data).toEqual({
      messageId: queued.id,
      kind: "confirmation",
      purpose: "marketing",
      reason: "marketing_revoked",
    });

    await twilioRecovers();
    expect(twilio.sentTo("+12015551001")).toEqual([]);
  });

  it("cancels at the claim what a withdrawal did not cancel itself, whatever the reason", async () => {
    const cases: [string, (subscriberId: string, phone: string) => Promise<unknown>, string][] = [
      [
        "2015551002",
        // Marketing consent revoked by a path that forgot the outbox.
        (id) =>
          db.consent.updateMany({
            where: { subscriberId: id, purpose: "MARKETING" },
            data: { revokedAt: new Date(), revokeMethod: "staff" },
          }),
        "marketing_revoked",
      ],
      [
        "2015551003",
        (id) => db.subscriber.update({ where: { id }, data: { deletedAt: new Date() } }),
        "subscriber_deleted",
      ],
      [
        "2015551004",
        (_id, phone) =>
          db.suppression.create({
            data: { organizationId: fixture.organizationId, phone, reason: "erasure" },
          }),
        "suppressed",
      ],
    ];
    for (const [phone, withdraw, reason] of cases) {
      const queued = await signUpWhileTwilioIsDown(phone);
      await withdraw(queued.subscriberId!, queued.to);
      await twilioRecovers();
      expect(twilio.sentTo(queued.to), reason).toEqual([]);
      expect(await db.message.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
        status: "CANCELED",
        cancelReason: reason,
      });
      expect((await canceledEvents(queued.subscriberId!)).map((e) => e.data)).toEqual([
        expect.objectContaining({ messageId: queued.id, reason }),
      ]);
    }
  });

  it("does not send a “Reply YES” request to a number that has confirmed meanwhile", async () => {
    const queued = await signUpWhileTwilioIsDown("2015551005");
    await db.subscriber.update({
      where: { id: queued.subscriberId! },
      data: { status: "CONFIRMED", confirmedAt: new Date() },
    });
    await twilioRecovers();
    expect(twilio.sentTo(queued.to)).toEqual([]);
    expect((await db.message.findUniqueOrThrow({ where: { id: queued.id } })).cancelReason).toBe(
      "not_pending",
    );
  });

  it("re-checks at the send-started marker: a STOP between the claim and the send wins", async () => {
    const queued = await signUpWhileTwilioIsDown("2015551006");
    await db.message.update({
      where: { id: queued.id },
      data: { nextAttemptAt: new Date(Date.now() - 1000) },
    });
    const [claimed] = await claimMessages([queued.id], 1);
    expect(claimed?.blockReason).toBeNull();
    // The STOP arrives while the outbox holds the lease (e.g. sending earlier messages of its batch).
    await text("+12015551006", "STOP");
    await sendClaimedMessage(claimed!);
    expect(twilio.sentTo(queued.to)).toEqual([]);
    expect(await db.message.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: "CANCELED",
      cancelReason: "marketing_revoked",
    });
  });

  it("still sends when nothing changed", async () => {
    const queued = await signUpWhileTwilioIsDown("2015551007");
    await twilioRecovers();
    expect(twilio.sentTo(queued.to)).toHaveLength(1);
    expect((await db.message.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe(
      "ACCEPTED",
    );
  });
});

describe("withdrawals by staff and API", () => {
  it("cancels the queued texts of the withdrawn purpose in the same transaction, and only those", async () => {
    const enrollment = await createEnrollmentFormFixture("Consent");
    const phone = "+12015551010";
    const start = () =>
      requestVerification({
        input: { formId: enrollment.form.id, phone: "2015551010", country: "US" },
        organizationId: enrollment.organizationId,
        context: { ip: "10.9.1.1", userAgent: "test" },
      });
    // Enrolled for 2FA (the code read from the phone, as a person would).
    const first = await start();
    await outboxIdle();
    const code = /\d{3} \d{3}/.exec(twilio.sentTo(phone)[0]!.body)![0];
    const approved = await checkVerification({
      verificationId: first.status === "pending" ? first.verificationId : "",
      input: { code, consents: { verification: true, marketing: false } },
      organizationId: enrollment.organizationId,
      context: { ip: "10.9.1.1", userAgent: "test" },
    });
    expect(approved).toMatchObject({ ok: true, status: "approved" });
    const subscriberId = approved.ok ? approved.subscriberId : "";

    // Later, a new code while Twilio is down: it waits in the outbox.
    await db.verificationCode.updateMany({
      where: { phone },
      data: { lastSentAt: new Date(Date.now() - 60_000) },
    });
    twilio.failNext(1, 503);
    await start();
    await outboxIdle();
    const queued = await db.message.findFirstOrThrow({
      where: { to: phone, kind: "code", status: "QUEUED" },
    });
    expect(queued.purpose).toBe("VERIFICATION");

    // Withdrawing marketing (never given) leaves the code alone.
    const actor = userActor(enrollment.account.user);
    const withdraw = (purpose: "marketing" | "verification") =>
      changeConsent({
        organizationId: enrollment.organizationId,
        subscriberId,
        input: { purpose, action: "revoke" },
        method: "api",
        actor,
      });
    await withdraw("marketing");
    expect((await db.message.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe(
      "QUEUED",
    );

    // Withdrawing 2FA cancels it in the same transaction.
    await withdraw("verification");
    expect(await db.message.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: "CANCELED",
      cancelReason: "verification_revoked",
    });
    expect((await canceledEvents(subscriberId)).map((e) => e.data)).toEqual([
      {
        messageId: queued.id,
        kind: "code",
        purpose: "verification",
        reason: "verification_revoked",
      },
    ]);
    twilio.reset();
    await twilioRecovers();
    expect(twilio.sentTo(phone)).toEqual([]);
  });

  it("refuses to start a code for a suppressed number, before anything is queued or Twilio is asked", async () => {
    const enrollment = await createEnrollmentFormFixture("Suppressed");
    await db.suppression.create({
      data: { organizationId: enrollment.organizationId, phone: "+12015551011", reason: "erasure" },
    });
    await expect(
      requestVerification({
        input: { formId: enrollment.form.id, phone: "2015551011", country: "US" },
        organizationId: enrollment.organizationId,
        context: { ip: "10.9.1.2", userAgent: "test" },
      }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await db.message.count({ where: { to: "+12015551011" } })).toBe(0);
    expect(twilio.messages).toEqual([]);
  });
});
