// Privacy requests on a real database: erasure removes the person's data everywhere while the
// evidence chain still verifies and shows the erasure; the erased number is refused by import,
// staff add and the API; erasures wait for approval when the organization asks for it; the
// retention job erases pending subscribers that never confirmed; foreign ids change nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { createAudience } from "@/lib/audiences/create-audience";
import { userActor } from "@/lib/consent-events/actor";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { getProof } from "@/lib/compliance/get-proof";
import { getConnection } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createForm } from "@/lib/forms/create-form";
import { publishForm } from "@/lib/forms/publish-form";
import { approvePrivacyRequest, rejectPrivacyRequest } from "@/lib/privacy/handle-privacy-request";
import { isPhoneSuppressed } from "@/lib/privacy/is-phone-suppressed";
import { phoneHash } from "@/lib/privacy/phone-hash";
import { recordPrivacyRequest } from "@/lib/privacy/record-privacy-request";
import { requestErasure } from "@/lib/privacy/request-erasure";
import { runRetention } from "@/lib/privacy/run-retention";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { addSubscriber } from "@/lib/subscribers/add-subscriber";
import { importSubscribers } from "@/lib/subscribers/import-subscribers";
import { requestVerification } from "@/lib/verification/request-verification";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  makeFormPublishable,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;
const IP = "203.0.113.77";
const UA = "Mozilla/5.0 (privacy test phone)";

async function signUp(fixture: Fixture, phone: string) {
  const response = await signupRoute(
    signupRequest(
      fixture.form.slug,
      {
        phone,
        country: "US",
        marketingConsent: true,
        formVersionId: fixture.version.id,
        pageUrl: "https://shop.example.com/spring?email=person@example.com",
        referrer: "https://www.google.com/",
      },
      { "x-forwarded-for": IP, "user-agent": UA },
    ),
    { params: Promise.resolve({ formId: fixture.form.slug }) },
  );
  await outboxIdle();
  expect(response.status).toBe(202);
}

async function text(from: string, body: string) {
  const response = await smsWebhook(
    signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(from, body)),
  );
  await outboxIdle();
  expect(response.status).toBe(200);
}

/** Every place the number, the IP or the browser could still be, as one text per table. */
async function traces(organizationId: string, needle: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ source: string }[]>`
    SELECT 'subscriber' AS "source" FROM "Subscriber"
      WHERE "organizationId" = ${organizationId} AND "phone" LIKE ${`%${needle}%`}
    UNION ALL SELECT 'event:' || "type" FROM "ConsentEvent"
      WHERE "organizationId" = ${organizationId} AND concat_ws('|', "data"::text, "actorName",
        "ip", "userAgent") LIKE ${`%${needle}%`}
    UNION ALL SELECT 'message:' || "kind" FROM "Message"
      WHERE "organizationId" = ${organizationId}
        AND concat_ws('|', "body", "from", "to", "errorMessage") LIKE ${`%${needle}%`}
    UNION ALL SELECT 'code' FROM "VerificationCode"
      WHERE "organizationId" = ${organizationId}
        AND concat_ws('|', "phone", "ip", "userAgent", "pageUrl") LIKE ${`%${needle}%`}
    UNION ALL SELECT 'suppression' FROM "Suppression"
      WHERE "organizationId" = ${organizationId} AND "phone" LIKE ${`%${needle}%`}
    UNION ALL SELECT 'request' FROM "PrivacyRequest"
      WHERE "organizationId" = ${organizationId}
        AND concat_ws('|', "details"::text, "ip", "userAgent") LIKE ${`%${needle}%`}
    UNION ALL SELECT 'risk' FROM "RiskEvent"
      WHERE "organizationId" = ${organizationId}
        AND concat_ws('|', "phone", "ip", "detail"::text) LIKE ${`%${needle}%`}`;
  return rows.map((row) => row.source);
}

async function snapshot(organizationId: string) {
  const [subscribers, events, requests, suppressions] = await Promise.all([
    db.subscriber.findMany({ where: { organizationId }, orderBy: { id: "asc" } }),
    db.consentEvent.count({ where: { organizationId } }),
    db.privacyRequest.findMany({ where: { organizationId }, orderBy: { id: "asc" } }),
    db.suppression.count({ where: { organizationId } }),
  ]);
  return { subscribers, events, requests, suppressions };
}

async function expectAppError(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
}

describe("erasure at once (no approval needed)", () => {
  let fixture: Fixture;
  const phone = "+12015550701";
  let subscriberIds: string[];
  let requestId: string;

  beforeAll(async () => {
    fixture = await createPublishedFormFixture({ label: "Erase" });
    await db.organization.update({
      where: { id: fixture.organizationId },
      data: { erasureNeedsApproval: false },
    });
    await signUp(fixture, "(201) 555-0701");
    await text(phone, "YES");
    await text(phone, "HELP");
    // The same number on a second list, added by staff with evidence naming the person.
    const second = await createAudience({
      organizationId: fixture.organizationId,
      input: { name: "Second list" },
    });
    await addSubscriber({
      organizationId: fixture.organizationId,
      actor: userActor(fixture.account.user, { ip: "198.51.100.9", userAgent: "staff" }),
      input: {
        audienceId: second.id,
        phone,
        country: "US",
        originalConsentAt: "2025-06-01T09:30:00Z",
        evidence: "Paper form signed by Jane Roe, +1 201 555 0701",
        source: "Store",
      },
    });
    await db.webhookEndpoint.create({
      data: {
        organizationId: fixture.organizationId,
        url: "https://hooks.example.com/optline",
        eventTypes: ["subscriber.erased"],
        secretEncrypted: "v1.unused-in-this-test",
      },
    });
    subscriberIds = (
      await db.subscriber.findMany({
        where: { organizationId: fixture.organizationId, phone },
        select: { id: true },
      })
    ).map((row) => row.id);
    expect(subscriberIds).toHaveLength(2);
    expect(await traces(fixture.organizationId, "2015550701")).not.toHaveLength(0);
  });

  it("leaves no number, IP, browser or SMS text of the person, and keeps only a hash", async () => {
    const result = await requestErasure({
      organizationId: fixture.organizationId,
      phone,
      channel: "portal",
      ip: IP,
      userAgent: UA,
    });
    expect(result.status).toBe("completed");
    requestId = result.id;

    expect(await traces(fixture.organizationId, "2015550701")).toEqual([]);
    expect(await traces(fixture.organizationId, IP)).toEqual([]);
    expect(await traces(fixture.organizationId, "privacy test phone")).toEqual([]);
    expect(await traces(fixture.organizationId, "Jane Roe")).toEqual([]);
    expect(await traces(fixture.organizationId, "person@example.com")).toEqual([]);

    const suppression = await db.suppression.findFirstOrThrow({
      where: { organizationId: fixture.organizationId },
    });
    expect(suppression).toMatchObject({
      phone: null,
      phoneHash: phoneHash(fixture.organizationId, phone),
      reason: "erasure",
    });
    const request = await db.privacyRequest.findUniqueOrThrow({ where: { id: result.id } });
    expect(request).toMatchObject({
      kind: "ERASURE",
      channel: "PORTAL",
      status: "COMPLETED",
      phoneSealed: null,
      phoneHash: phoneHash(fixture.organizationId, phone),
    });
    expect(request.dueAt.getTime()).toBeGreaterThan(request.createdAt.getTime());
    for (const id of subscriberIds) {
      const subscriber = await db.subscriber.findUniqueOrThrow({ where: { id } });
      expect(subscriber.phone).toBe(`erased:${id}`);
      expect(subscriber.erasedAt).not.toBeNull();
      expect(subscriber.deletedAt).not.toBeNull();
    }
  });

  it("still verifies the chain, and reports the erasure and when", async () => {
    const verification = await verifyChains({ organizationId: fixture.organizationId });
    expect(verification.ok).toBe(true);
    expect(verification.firstBroken).toBeNull();
    expect(verification.erasures.map((erasure) => erasure.chainId).sort()).toEqual(
      [...subscriberIds].sort(),
    );
    for (const id of subscriberIds) {
      const events = await db.consentEvent.findMany({
        where: { chainId: id },
        orderBy: { seq: "asc" },
      });
      const last = events.at(-1)!;
      expect(last.type).toBe("subscriber.erased");
      expect(last.erasedAt).toBeNull();
      expect(events.slice(0, -1).every((event) => event.erasedAt !== null)).toBe(true);
      expect(last.data).toMatchObject({
        reason: "request",
        requestId,
        redactedEvents: events.length - 1,
        chainIntactBeforeErasure: true,
      });
    }
    // The subscriber.erased webhook was queued with the evidence.
    const deliveries = await db.webhookDelivery.findMany({
      where: { organizationId: fixture.organizationId, eventType: "subscriber.erased" },
    });
    expect(deliveries).toHaveLength(2);
  });

  it("shows the proof with the number erased instead of failing", async () => {
    const proof = await getProof({
      organizationId: fixture.organizationId,
      subscriberId: subscriberIds[0]!,
    });
    expect(proof.data.subject.phone).toBe("[erased]");
    expect(proof.data.subject.erasedAt).toEqual(expect.any(String));
    expect(proof.data.chain.ok).toBe(true);
    expect(proof.data.events.at(-1)?.type).toBe("subscriber.erased");
  });

  it("catches a redacted row changed behind the app's back", async () => {
    const raw = getConnection().raw;
    const [target] = await db.consentEvent.findMany({
      where: { chainId: subscriberIds[0]!, erasedAt: { not: null } },
      orderBy: { seq: "asc" },
      take: 1,
    });
    // The trigger refuses a second redaction, or any other change, of an erased row.
    await expect(
      db.$executeRaw`UPDATE "ConsentEvent" SET "type" = 'sms.sent' WHERE "id" = ${target!.id}`,
    ).rejects.toThrow(/append-only/);
    await raw.exec(`ALTER TABLE "ConsentEvent" DISABLE TRIGGER "ConsentEvent_append_only"`);
    try {
      await raw.exec(
        `UPDATE "ConsentEvent" SET "createdAt" = "createdAt" - interval '1 day' WHERE "id" = '${target!.id}'`,
      );
    } finally {
      await raw.exec(`ALTER TABLE "ConsentEvent" ENABLE TRIGGER "ConsentEvent_append_only"`);
    }
    const verification = await verifyChains({
      organizationId: fixture.organizationId,
      subscriberId: subscriberIds[0]!,
    });
    expect(verification.ok).toBe(false);
    expect(verification.firstBroken).toMatchObject({
      eventId: target!.id,
      reason: "redaction_mismatch",
    });
  });

  it("refuses the erased number on import, staff add and the API, but a form signup is a new opt-in", async () => {
    expect(await isPhoneSuppressed({ organizationId: fixture.organizationId, phone })).toBe(true);
    const actor = userActor(fixture.account.user);
    await expectAppError(
      addSubscriber({
        organizationId: fixture.organizationId,
        actor,
        input: {
          audienceId: fixture.audience.id,
          phone,
          country: "US",
          originalConsentAt: "2025-06-01T09:30:00Z",
          evidence: "Another paper form",
          source: "Store",
        },
      }),
      "VALIDATION_FAILED",
    );
    const imported = await importSubscribers({
      organizationId: fixture.organizationId,
      audienceId: fixture.audience.id,
      csv: "phone,consented_at,evidence\n+12015550701,2025-01-01,Form 1\n+12015550702,2025-01-01,Form 2\n",
      defaultCountry: "US",
      actor,
    });
    expect(imported).toMatchObject({ imported: 1, skipped: 1 });

    const enrollment = await createForm({
      organizationId: fixture.organizationId,
      input: {
        name: "Login",
        audienceId: fixture.audience.id,
        programName: "Acme App",
        locale: "en",
        defaultCountry: "US",
        kind: "ENROLLMENT",
      },
    });
    await makeFormPublishable(fixture.organizationId, enrollment.id);
    await publishForm({
      organizationId: fixture.organizationId,
      formId: enrollment.id,
      userId: fixture.account.user.id,
    });
    const codesBefore = await db.verificationCode.count({
      where: { organizationId: fixture.organizationId },
    });
    await expectAppError(
      requestVerification({
        organizationId: fixture.organizationId,
        input: { formId: enrollment.id, phone, country: "US" },
        context: { ip: "198.51.100.1", userAgent: "app server" },
      }),
      "CONFLICT",
    );
    expect(
      await db.verificationCode.count({ where: { organizationId: fixture.organizationId } }),
    ).toBe(codesBefore);
    expect(
      await db.subscriber.count({
        where: { organizationId: fixture.organizationId, phone, erasedAt: null },
      }),
    ).toBe(0);

    // The person signing up again on the form is a new, double opt-in.
    await signUp(fixture, phone);
    expect(
      await db.subscriber.findFirst({
        where: { organizationId: fixture.organizationId, phone, erasedAt: null },
      }),
    ).toMatchObject({ status: "PENDING" });
  });
});

describe("erasure waiting for approval", () => {
  let fixture: Fixture;
  let other: Fixture;
  const phone = "+12015550711";
  const rejectedPhone = "+12015550712";

  beforeAll(async () => {
    fixture = await createPublishedFormFixture({ label: "Approve" });
    other = await createPublishedFormFixture({ label: "Elsewhere" });
    await signUp(fixture, phone);
    await signUp(fixture, rejectedPhone);
  });

  it("queues the request untouched, once, and only this organization's staff can approve it", async () => {
    const first = await requestErasure({
      organizationId: fixture.organizationId,
      phone,
      channel: "withdraw_link",
      ip: IP,
      userAgent: UA,
    });
    expect(first.status).toBe("awaiting_approval");
    const again = await requestErasure({
      organizationId: fixture.organizationId,
      phone,
      channel: "portal",
    });
    expect(again).toEqual(first);
    const request = await db.privacyRequest.findUniqueOrThrow({ where: { id: first.id } });
    expect(request.phoneSealed).toMatch(/^v1\./);
    expect(request.phoneSealed).not.toContain("2015550711");
    expect(await db.subscriber.count({ where: { phone } })).toBe(1);

    const before = await snapshot(fixture.organizationId);
    const staff = userActor(other.account.user);
    for (const requestId of [first.id, "not an id", "x".repeat(500)]) {
      await expectAppError(
        approvePrivacyRequest({ organizationId: other.organizationId, requestId, actor: staff }),
        "NOT_FOUND",
      );
    }
    await expectAppError(
      rejectPrivacyRequest({
        organizationId: fixture.organizationId,
        requestId: first.id,
        actor: userActor(fixture.account.user),
        note: "   ",
      }),
      "VALIDATION_FAILED",
    );
    expect(await snapshot(fixture.organizationId)).toEqual(before);
  });

  it("erases on approval, records who did it in the audit log, and refuses a second decision", async () => {
    const request = await db.privacyRequest.findFirstOrThrow({
      where: {
        organizationId: fixture.organizationId,
        status: "AWAITING_APPROVAL",
        kind: "ERASURE",
      },
      orderBy: { createdAt: "asc" },
    });
    const actor = userActor(fixture.account.user, { ip: "198.51.100.30", userAgent: "staff" });
    await expect(
      approvePrivacyRequest({
        organizationId: fixture.organizationId,
        requestId: request.id,
        actor,
        note: "Identity checked by code",
      }),
    ).resolves.toEqual({ id: request.id, status: "completed" });
    const handled = await db.privacyRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(handled).toMatchObject({
      status: "COMPLETED",
      handledById: fixture.account.user.id,
      note: "Identity checked by code",
      phoneSealed: null,
      ip: null,
      userAgent: null,
    });
    expect(await db.subscriber.count({ where: { phone } })).toBe(0);
    expect(await traces(fixture.organizationId, "2015550711")).toEqual([]);
    const audit = await db.consentEvent.findFirstOrThrow({
      where: { organizationId: fixture.organizationId, type: "privacy_request.approved" },
    });
    expect(audit).toMatchObject({ chainId: "org", actorId: fixture.account.user.id });
    expect((await verifyChains({ organizationId: fixture.organizationId })).ok).toBe(true);

    await expectAppError(
      rejectPrivacyRequest({
        organizationId: fixture.organizationId,
        requestId: request.id,
        actor,
        note: "changed my mind",
      }),
      "CONFLICT",
    );
  });

  it("rejects with a reason, forgetting the sealed number and changing nothing else", async () => {
    const { id } = await requestErasure({
      organizationId: fixture.organizationId,
      phone: rejectedPhone,
      channel: "portal",
    });
    await rejectPrivacyRequest({
      organizationId: fixture.organizationId,
      requestId: id,
      actor: userActor(fixture.account.user),
      note: "Legal hold: open dispute",
    });
    expect(await db.privacyRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "REJECTED",
      phoneSealed: null,
      note: "Legal hold: open dispute",
    });
    expect(
      await db.subscriber.findFirst({ where: { phone: rejectedPhone, erasedAt: null } }),
    ).not.toBeNull();
    expect(
      await db.consentEvent.count({
        where: { organizationId: fixture.organizationId, type: "privacy_request.rejected" },
      }),
    ).toBe(1);
  });

  it("records access and withdrawal requests as completed, refusing foreign ids and bad numbers", async () => {
    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { organizationId: fixture.organizationId, phone: rejectedPhone },
    });
    const done = await recordPrivacyRequest({
      organizationId: fixture.organizationId,
      phone: rejectedPhone,
      kind: "withdrawal",
      channel: "portal",
      details: { subscriberIds: [subscriber.id], purposes: ["marketing"] },
      ip: IP,
      userAgent: UA,
    });
    expect(done.status).toBe("completed");

    const foreign = await db.subscriber
      .findFirstOrThrow({
        where: { organizationId: other.organizationId },
      })
      .catch(async () => {
        await signUp(other, "+12015550719");
        return db.subscriber.findFirstOrThrow({ where: { organizationId: other.organizationId } });
      });
    const before = await snapshot(fixture.organizationId);
    await expectAppError(
      recordPrivacyRequest({
        organizationId: fixture.organizationId,
        phone: rejectedPhone,
        kind: "access",
        channel: "portal",
        details: { subscriberIds: [foreign.id] },
      }),
      "NOT_FOUND",
    );
    await expectAppError(
      recordPrivacyRequest({
        organizationId: fixture.organizationId,
        phone: "2015550712",
        kind: "access",
        channel: "portal",
      }),
      "VALIDATION_FAILED",
    );
    await expectAppError(
      requestErasure({ organizationId: "no-such-organization", phone, channel: "portal" }),
      "NOT_FOUND",
    );
    expect(await snapshot(fixture.organizationId)).toEqual(before);
  });
});

describe("retention", () => {
  it("erases pending subscribers past the organization's period, once, with evidence", async () => {
    const fixture = await createPublishedFormFixture({ label: "Retain" });
    await db.organization.update({
      where: { id: fixture.organizationId },
      data: { pendingRetentionDays: 10 },
    });
    await signUp(fixture, "+12015550721"); // pending, old: erased
    await signUp(fixture, "+12015550722"); // pending, recent: kept
    await signUp(fixture, "+12015550723"); // confirmed, old: kept
    await text("+12015550723", "YES");
    const old = new Date(Date.now() - 11 * 24 * 60 * 60 * 1000);
    await db.subscriber.updateMany({
      where: {
        organizationId: fixture.organizationId,
        phone: { in: ["+12015550721", "+12015550723"] },
      },
      data: { createdAt: old },
    });
    const due = await db.subscriber.findFirstOrThrow({
      where: { phone: "+12015550721", organizationId: fixture.organizationId },
    });

    const first = await runRetention({ now: new Date() });
    expect(first.erased).toBeGreaterThanOrEqual(1);
    const erased = await db.subscriber.findUniqueOrThrow({ where: { id: due.id } });
    expect(erased.erasedAt).not.toBeNull();
    const kept = await db.subscriber.findMany({
      where: { organizationId: fixture.organizationId, erasedAt: null },
      select: { phone: true },
      orderBy: { phone: "asc" },
    });
    expect(kept.map((row) => row.phone)).toEqual(["+12015550722", "+12015550723"]);
    expect(await traces(fixture.organizationId, "2015550721")).toEqual([]);
    const last = await db.consentEvent.findFirstOrThrow({
      where: { chainId: due.id },
      orderBy: { seq: "desc" },
    });
    expect(last).toMatchObject({ type: "subscriber.erased", actorType: "SYSTEM" });
    expect(last.data).toMatchObject({ reason: "retention" });
    expect(
      await db.privacyRequest.findFirst({
        where: { organizationId: fixture.organizationId, channel: "RETENTION" },
      }),
    ).toMatchObject({ kind: "ERASURE", status: "COMPLETED", phoneHash: null });
    // Never confirmed and never asked: not put on the suppression list.
    expect(
      await isPhoneSuppressed({ organizationId: fixture.organizationId, phone: "+12015550721" }),
    ).toBe(false);
    expect((await verifyChains({ organizationId: fixture.organizationId })).ok).toBe(true);

    const eventsBefore = await db.consentEvent.count({
      where: { organizationId: fixture.organizationId },
    });
    await runRetention({ now: new Date() });
    expect(await db.consentEvent.count({ where: { organizationId: fixture.organizationId } })).toBe(
      eventsBefore,
    );
  });
});
