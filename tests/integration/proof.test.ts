// The proof of opt-in for one subscriber, built from a real signup -> YES -> STOP through the
// route handlers: every field filled from the evidence, the JSON API's scoping, the PDF, and
// tampering with a stored event reported as the first broken link.
import { createHash, randomBytes } from "node:crypto";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { GET as proofRoute } from "@/app/api/v1/subscribers/[subscriberId]/proof/route";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { POST as statusWebhook } from "@/app/api/webhooks/twilio/status/route";
import { API_KEY_PREFIX, hashApiKey } from "@/lib/api-keys/create-api-key";
import type { ApiKeyScope } from "@/lib/api-keys/api-key-scopes";
import { getProof } from "@/lib/compliance/get-proof";
import { proofContentHash, type Proof, type ProofDocument } from "@/lib/compliance/proof-types";
import { renderProofPdf } from "@/lib/compliance/render-proof-pdf";
import { canonicalJson } from "@/lib/consent-events/canonical-json";
import { db, getConnection } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

const PHONE = "+12015550131";
const YES_SID = `SM${"c".repeat(32)}`;
const STOP_SID = `SM${"d".repeat(32)}`;
const STOP_REPLY_SID = `SM${"e".repeat(32)}`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let mine: Fixture;
let theirs: Fixture;
let subscriberId: string;

/** Signs up a US number given without its +1, as a person types it. */
async function signUp(fixture: Fixture, phone: string, ip: string) {
  const response = await signupRoute(
    signupRequest(
      fixture.form.slug,
      {
        phone,
        country: "US",
        marketingConsent: true,
        formVersionId: fixture.version.id,
        pageUrl: "https://shop.example.com/spring?utm_source=sms",
        referrer: "https://www.google.com/",
      },
      { "x-forwarded-for": ip },
    ),
    { params: Promise.resolve({ formId: fixture.form.slug }) },
  );
  await outboxIdle();
  expect(response.status).toBe(202);
  return db.subscriber.findFirstOrThrow({
    where: { organizationId: fixture.organizationId, phone: `+1${phone}` },
  });
}

async function text(from: string, body: string, sid?: string) {
  const response = await smsWebhook(
    signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(from, body, sid)),
  );
  expect(response.status).toBe(200);
}

async function apiKey(organizationId: string, scopes: ApiKeyScope[]): Promise<string> {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  await db.apiKey.create({
    data: {
      organizationId,
      name: "proof test",
      prefix: key.slice(0, 12),
      keyHash: hashApiKey(key),
      scopes,
    },
  });
  return key;
}

async function callProofApi(id: string, key: string | null) {
  const response = await proofRoute(
    new Request(`http://internal/api/v1/subscribers/${id}/proof`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    }),
    { params: Promise.resolve({ subscriberId: id }) },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  mine = await createPublishedFormFixture({
    label: "Mine",
    content: {
      termsUrl: "https://shop.acmedeals.shop/terms",
      termsVersion: "2025-01",
      privacyUrl: "https://shop.acmedeals.shop/privacy",
      privacyVersion: "v3",
    },
  });
  theirs = await createPublishedFormFixture({ label: "Theirs" });

  subscriberId = (await signUp(mine, "2015550131", "203.0.113.7")).id;
  await text(PHONE, "YES", YES_SID);
  await text(PHONE, "STOP", STOP_SID);
  // The STOP confirmation went out as a TwiML reply; its SID arrives with its status callback.
  const reply = await db.message.findFirstOrThrow({
    where: { subscriberId, kind: "reply" },
    orderBy: { createdAt: "desc" },
  });
  const callback = await statusWebhook(
    signedTwilioRequest(`/api/webhooks/twilio/status?messageId=${reply.id}`, {
      MessageSid: STOP_REPLY_SID,
      MessageStatus: "delivered",
    }),
  );
  expect(callback.status).toBe(204);
});

describe("getProof", () => {
  let document: ProofDocument;
  let proof: Proof;
  beforeAll(async () => {
    document = await getProof({ organizationId: mine.organizationId, subscriberId });
    proof = document.data;
  });

  it("names the person, the seller and the audience", () => {
    expect(proof.subject).toMatchObject({
      subscriberId,
      phone: PHONE,
      country: "US",
      locale: "en",
      audience: { id: mine.audience.id, name: "VIP list" },
      status: "unsubscribed",
      deletedAt: null,
    });
    expect(proof.organization).toEqual({
      id: mine.organizationId,
      name: mine.account.organization.name,
    });
  });

  it("shows exactly what was shown on the form, and that the consent text hash matches", () => {
    const version = mine.version;
    expect(proof.signups).toHaveLength(1);
    const signup = proof.signups[0]!;
    expect(signup).toMatchObject({
      outcome: "pending",
      phone: PHONE,
      country: "US",
      locale: "en",
      formId: mine.form.id,
      formSlug: mine.form.slug,
      formVersionId: version.id,
      formVersion: 1,
      checkboxInitiallyChecked: false,
      checkboxChecked: true,
      buttonLabel: "Subscribe",
      ip: "203.0.113.7",
      userAgent: "Mozilla/5.0 (integration test)",
      pageUrl: "https://shop.example.com/spring?utm_source=sms",
      referrer: "https://www.google.com/",
      embedded: false,
      antiFraud: { result: "pass", signals: [] },
      confirmationQueued: true,
    });
    expect(signup.submittedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(signup.consentText).toEqual({
      recordedSha256: sha256(version.consentText),
      computedSha256: sha256(version.consentText),
      matches: true,
    });
    expect(signup.form).toMatchObject({
      formId: mine.form.id,
      formName: "Spring deals",
      versionId: version.id,
      version: 1,
      programName: "Acme Deals",
      consentText: version.consentText,
      frequencyText: "Up to 4 msgs/month.",
      ratesText: "Msg & data rates may apply.",
      helpText:
        "Acme Deals: Help at help@acmedeals.shop. Up to 4 msgs/month. Msg & data rates may apply. Reply STOP to cancel.",
      confirmationMessageTemplate: version.confirmationMessage,
      buttonLabel: "Subscribe",
      termsUrl: "https://shop.acmedeals.shop/terms",
      termsVersion: "2025-01",
      privacyUrl: "https://shop.acmedeals.shop/privacy",
      privacyVersion: "v3",
    });
    expect(signup.form?.consentText).toContain("Acme Deals");
  });

  it("has the confirmation SMS as sent, with its SID, sender and delivery status", async () => {
    const row = await db.message.findFirstOrThrow({
      where: { subscriberId, kind: "confirmation" },
    });
    expect(row.sid).toMatch(/^SM[0-9a-f]{32}$/);
    // With the dev provider, each organization texts from its own dev number.
    const { devSmsNumber } = await db.organization.findUniqueOrThrow({
      where: { id: mine.organizationId },
    });
    expect(proof.confirmationMessages).toEqual([
      expect.objectContaining({
        id: row.id,
        sid: row.sid,
        from: devSmsNumber,
        to: PHONE,
        body: "Acme Deals: Reply YES to confirm your subscription to recurring marketing texts. Up to 4 msgs/month. Msg & data rates may apply. Reply HELP for help, STOP to cancel.",
        status: "DELIVERED",
        errorCode: null,
      }),
    ]);
  });

  it("has the YES reply: raw body, SID, From/To, time and signature check", async () => {
    const confirmationSid = (
      await db.message.findFirstOrThrow({ where: { subscriberId, kind: "confirmation" } })
    ).sid;
    expect(proof.confirmations).toHaveLength(1);
    expect(proof.confirmations[0]).toMatchObject({
      method: "sms_reply",
      confirmationSid,
      reply: {
        sid: YES_SID,
        body: "YES",
        from: PHONE,
        to: "+15005550006",
        signatureVerified: true,
      },
    });
    expect(proof.confirmations[0]?.reply?.receivedAt).toBe(proof.confirmations[0]?.confirmedAt);
  });

  it("has both consents with their times and methods", async () => {
    const consent = await db.consent.findFirstOrThrow({
      where: { subscriberId, purpose: "MARKETING" },
    });
    expect(proof.consents.marketing).toEqual({
      state: "withdrawn",
      grantedAt: consent.grantedAt?.toISOString(),
      grantMethod: "form",
      confirmedAt: consent.confirmedAt?.toISOString(),
      confirmMethod: "sms_reply",
      revokedAt: consent.revokedAt?.toISOString(),
      revokeMethod: "keyword",
    });
    expect(proof.consents.verification.state).toBe("never_given");
  });

  it("has the STOP withdrawal with the opt-out confirmation's SID", () => {
    expect(proof.withdrawals).toHaveLength(1);
    const withdrawal = proof.withdrawals[0]!;
    expect(withdrawal).toMatchObject({
      purpose: "marketing",
      method: "keyword",
      keyword: "STOP",
      rawText: "STOP",
      inbound: { sid: STOP_SID, from: PHONE, signatureVerified: true },
      confirmationMessage: {
        sid: STOP_REPLY_SID,
        status: "DELIVERED",
        body: "Acme Deals: You're unsubscribed and will get no more messages. Reply START to resubscribe.",
      },
    });
    expect(withdrawal.processedAt).toBe(withdrawal.at);
  });

  it("lists every event of the chain with its hash, and the chain is intact", async () => {
    const rows = await db.consentEvent.findMany({
      where: { subscriberId },
      orderBy: { seq: "asc" },
    });
    expect(proof.events.map((event) => event.type)).toEqual([
      "signup.submitted",
      "sms.sent",
      "sms.delivery",
      "marketing.confirmed",
      "marketing.revoked",
      "sms.delivery",
    ]);
    expect(proof.events.map((event) => [event.seq, event.hash, event.prevHash])).toEqual(
      rows.map((row) => [row.seq, row.hash, row.prevHash]),
    );
    expect(proof.events[3]?.sentence).toBe("Confirmed marketing consent by replying “YES”");
    expect(proof.events[0]?.actor).toEqual({ type: "subscriber", id: null, name: PHONE });
    const last = proof.events.at(-1)!;
    expect(proof.chain).toEqual({
      ok: true,
      checked: 6,
      firstBroken: null,
      head: { seq: last.seq, hash: last.hash },
    });
    expect(proof.staffEvents).toEqual([]);
    expect(proof.verificationEvents).toEqual([]);
  });

  it("hashes the content without the generation metadata", async () => {
    expect(document.documentId).toMatch(/^PRF-[A-Z0-9]{10}$/);
    expect(document.contentSha256).toBe(sha256(canonicalJson(proof)));
    const again = await getProof({ organizationId: mine.organizationId, subscriberId });
    expect(again.documentId).not.toBe(document.documentId);
    expect(again.contentSha256).toBe(document.contentSha256);
  });

  it("is not found for another organization", async () => {
    const error = await getProof({ organizationId: theirs.organizationId, subscriberId }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("NOT_FOUND");
  });

  it("renders as a PDF carrying the document id and content hash in its metadata", async () => {
    const pdf = await renderProofPdf(document);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const parsed = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(parsed.getKeywords()).toBe(`${document.documentId} ${document.contentSha256}`);
    expect(parsed.getTitle()).toContain(document.documentId);
    expect(parsed.getSubject()).toContain(document.contentSha256);
  });
});

describe("GET /api/v1/subscribers/:id/proof", () => {
  it("returns the proof whose content hash can be recomputed from the JSON", async () => {
    const key = await apiKey(mine.organizationId, ["evidence:read"]);
    const { status, body } = await callProofApi(subscriberId, key);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      "contentSha256",
      "data",
      "documentId",
      "generatedAt",
    ]);
    const data = body.data as Proof;
    expect(data.subject.phone).toBe(PHONE);
    expect(data.withdrawals[0]?.keyword).toBe("STOP");
    expect(body.contentSha256).toBe(sha256(canonicalJson(data)));
    expect(body.contentSha256).toBe(proofContentHash(data));
    expect(body.documentId).toMatch(/^PRF-/);
  });

  it("answers 404 for another organization's subscriber, 401 without a key, 403 without the scope", async () => {
    const theirKey = await apiKey(theirs.organizationId, ["evidence:read"]);
    const notFound = await callProofApi(subscriberId, theirKey);
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({
      error: { code: "NOT_FOUND", message: "Subscriber not found" },
    });
    expect((await callProofApi(subscriberId, null)).status).toBe(401);
    const readOnly = await apiKey(mine.organizationId, ["subscribers:read"]);
    expect((await callProofApi(subscriberId, readOnly)).status).toBe(403);
  });
});

describe("a number shared by two organizations", () => {
  it("shows the opt-out reply even when it was filed under the other organization", async () => {
    const phone = "+12015550132";
    const ours = await signUp(mine, "2015550132", "203.0.113.8");
    // Theirs was texted last, so the STOP and its reply are filed under theirs.
    await db.subscriber.update({
      where: { id: ours.id },
      data: { lastSignupSmsAt: new Date(Date.now() - 3600_000) },
    });
    await signUp(theirs, "2015550132", "203.0.113.9");
    await text(phone, "STOP");
    const reply = await db.message.findFirstOrThrow({
      where: { to: phone, kind: "reply" },
      orderBy: { createdAt: "desc" },
    });
    expect(reply.organizationId).toBe(theirs.organizationId);

    const { data } = await getProof({ organizationId: mine.organizationId, subscriberId: ours.id });
    expect(data.withdrawals).toHaveLength(1);
    expect(data.withdrawals[0]?.confirmationMessage).toMatchObject({
      id: reply.id,
      body: reply.body,
    });
  });
});

describe("tampering", () => {
  it("reports an event changed behind the app's back as the first broken link", async () => {
    const phone = "+12015550133";
    const subscriber = await signUp(mine, "2015550133", "203.0.113.10");
    await text(phone, "YES");
    const confirmed = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: subscriber.id, type: "marketing.confirmed" },
    });
    const before = await getProof({
      organizationId: mine.organizationId,
      subscriberId: subscriber.id,
    });
    expect(before.data.chain.ok).toBe(true);

    // The table refuses UPDATE through a trigger; someone with superuser rights could still do it.
    await getConnection().raw.exec(`
      ALTER TABLE "ConsentEvent" DISABLE TRIGGER "ConsentEvent_append_only";
      UPDATE "ConsentEvent" SET "data" = jsonb_set("data", '{reply,body}', '"NO"')
        WHERE "id" = '${confirmed.id}';
      ALTER TABLE "ConsentEvent" ENABLE TRIGGER "ConsentEvent_append_only";
    `);

    const { data, contentSha256 } = await getProof({
      organizationId: mine.organizationId,
      subscriberId: subscriber.id,
    });
    expect(data.chain).toEqual({
      ok: false,
      checked: confirmed.seq,
      firstBroken: {
        eventId: confirmed.id,
        seq: confirmed.seq,
        type: "marketing.confirmed",
        reason: "hash_mismatch",
        createdAt: confirmed.createdAt.toISOString(),
      },
      head: expect.objectContaining({ seq: expect.any(Number) as number }) as object,
    });
    // The proof shows what is stored now, and its content hash changed with it.
    expect(data.confirmations[0]?.reply?.body).toBe("NO");
    expect(contentSha256).not.toBe(before.contentSha256);
  });
});
