// Bad input gets a clear error and changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { POST as statusWebhook } from "@/app/api/webhooks/twilio/status/route";
import { db } from "@/lib/db/client";
import {
  countRows,
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

describe("public signup rejects bad input without writing anything", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await createPublishedFormFixture();
  });

  async function expectRefused(request: Request, status: number, formId = fixture.form.id) {
    const before = await countRows();
    const response = await signupRoute(request, { params: Promise.resolve({ formId }) });
    await outboxIdle();
    expect(response.status).toBe(status);
    const body = (await response.json()) as {
      error: { code: string; message: string; fields?: Record<string, string[]> };
    };
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await countRows()).toEqual(before);
    return body.error;
  }

  const valid = { phone: "2015550120", country: "US", marketingConsent: true };

  it.each([
    ["201555", "That number is too short."],
    ["201555012345678", "That number is too long."],
    ["1234567890", "That isn't a valid number for US."],
    [
      "8005550100",
      "That looks like a toll free number. Enter a mobile number that can receive texts.",
    ],
    ["call me", "Use digits only, e.g. 201 555 0123 or +44 7911 123456."],
    ["", "Enter your mobile number."],
  ])("refuses phone %j with 422: %s", async (phone, message) => {
    const error = await expectRefused(signupRequest(fixture.form.id, { ...valid, phone }), 422);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", fields: { phone: [message] } });
  });

  it("refuses a German landline as not mobile", async () => {
    const error = await expectRefused(
      signupRequest(fixture.form.id, { ...valid, phone: "030 123456", country: "DE" }),
      422,
    );
    expect(error.fields?.phone?.[0]).toBe(
      "That looks like a landline. Enter a mobile number that can receive texts.",
    );
  });

  it("requires the marketing box to be ticked", async () => {
    const error = await expectRefused(
      signupRequest(fixture.form.id, { ...valid, marketingConsent: false }),
      422,
    );
    expect(error.fields).toEqual({ marketingConsent: ["Tick the box to agree to receive texts."] });
  });

  it("refuses malformed JSON with 400", async () => {
    expect((await expectRefused(signupRequest(fixture.form.id, "{not json"), 400)).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("refuses another content type with 415", async () => {
    const request = signupRequest(fixture.form.id, valid, { "content-type": "text/plain" });
    expect((await expectRefused(request, 415)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("refuses an oversized body with 413", async () => {
    const request = signupRequest(fixture.form.id, { ...valid, pageUrl: "x".repeat(20_000) });
    expect((await expectRefused(request, 413)).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers 404 for an unknown or unpublished form", async () => {
    expect((await expectRefused(signupRequest("nope", valid), 404, "no-such-form")).code).toBe(
      "NOT_FOUND",
    );
  });

  it("refuses a form version of another form", async () => {
    const other = await createPublishedFormFixture({ label: "Other" });
    const error = await expectRefused(
      signupRequest(fixture.form.id, { ...valid, formVersionId: other.version.id }),
      422,
    );
    expect(error.fields).toEqual({ formVersionId: ["Unknown form version"] });
  });

  it("accepts a honeypot hit silently and records nothing", async () => {
    const before = await countRows();
    const response = await signupRoute(
      signupRequest(fixture.form.id, { ...valid, company: "Spam Inc" }),
      {
        params: Promise.resolve({ formId: fixture.form.id }),
      },
    );
    await outboxIdle();
    expect(response.status).toBe(202);
    expect(await countRows()).toEqual(before);
  });

  it("refuses an origin the form does not allow, but allows listed ones", async () => {
    await db.signupForm.update({
      where: { id: fixture.form.id },
      data: { allowedOrigins: ["https://shop.example.com"] },
    });
    try {
      const error = await expectRefused(
        signupRequest(fixture.form.id, valid, { origin: "https://evil.example.net" }),
        403,
      );
      expect(error.code).toBe("FORBIDDEN");
      const allowed = await signupRoute(
        signupRequest(fixture.form.id, valid, { origin: "https://shop.example.com" }),
        {
          params: Promise.resolve({ formId: fixture.form.id }),
        },
      );
      await outboxIdle();
      expect(allowed.status).toBe(202);
    } finally {
      await db.signupForm.update({ where: { id: fixture.form.id }, data: { allowedOrigins: [] } });
    }
  });

  it("limits signups per IP with 429 and Retry-After", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 22; i++) {
      const response = await signupRoute(
        signupRequest(
          fixture.form.id,
          { ...valid, phone: `20155502${String(i).padStart(2, "0")}` },
          { "x-forwarded-for": "198.51.100.77" },
        ),
        { params: Promise.resolve({ formId: fixture.form.id }) },
      );
      await outboxIdle();
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
    }
    expect(statuses.filter((status) => status === 202)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another address is not affected.
    const other = await signupRoute(
      signupRequest(
        fixture.form.id,
        { ...valid, phone: "2015550299" },
        { "x-forwarded-for": "198.51.100.78" },
      ),
      {
        params: Promise.resolve({ formId: fixture.form.id }),
      },
    );
    await outboxIdle();
    expect(other.status).toBe(202);
  });

  it("limits signup texts per phone number", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await signupRoute(
        signupRequest(
          fixture.form.id,
          { ...valid, phone: "2015550300" },
          { "x-forwarded-for": `192.0.2.${i + 1}` },
        ),
        { params: Promise.resolve({ formId: fixture.form.id }) },
      );
      await outboxIdle();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
  });
});

describe("Twilio webhooks refuse what Twilio did not sign", () => {
  beforeAll(async () => {
    await createPublishedFormFixture();
  });

  it("answers 403 to a forged signature and writes nothing", async () => {
    const before = await countRows();
    const params = inboundSmsParams("+12015550130", "STOP");
    const forged = signedTwilioRequest(
      "/api/webhooks/twilio/sms",
      params,
      "bm90IGEgcmVhbCBzaWduYXR1cmU=",
    );
    const response = await smsWebhook(forged);
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: { code: "INVALID_SIGNATURE", message: "Invalid X-Twilio-Signature" },
    });
    expect(await countRows()).toEqual(before);
  });

  it("answers 403 when a signed request is replayed with a changed body", async () => {
    const before = await countRows();
    const params = inboundSmsParams("+12015550130", "YES");
    const signed = signedTwilioRequest("/api/webhooks/twilio/sms", params);
    const tampered = new Request(signed.url, {
      method: "POST",
      headers: signed.headers,
      body: new URLSearchParams({ ...params, Body: "STOP" }).toString(),
    });
    expect((await smsWebhook(tampered)).status).toBe(403);
    expect(await countRows()).toEqual(before);
  });

  it("answers 403 when the signature is missing", async () => {
    const request = signedTwilioRequest(
      "/api/webhooks/twilio/sms",
      inboundSmsParams("+12015550130", "hi"),
    );
    request.headers.delete("x-twilio-signature");
    expect((await smsWebhook(request)).status).toBe(403);
  });

  it("checks the status callback signature too", async () => {
    const forged = signedTwilioRequest(
      "/api/webhooks/twilio/status",
      { MessageSid: `SM${"c".repeat(32)}`, MessageStatus: "delivered" },
      "Zm9yZ2Vk",
    );
    expect((await statusWebhook(forged)).status).toBe(403);
  });

  it("refuses a signed but malformed inbound message with 422", async () => {
    const before = await countRows();
    const response = await smsWebhook(
      signedTwilioRequest("/api/webhooks/twilio/sms", {
        MessageSid: "not-a-sid",
        From: "+12015550130",
        To: "+15005550006",
        Body: "YES",
      }),
    );
    expect(response.status).toBe(422);
    expect(await countRows()).toEqual(before);
  });
});
