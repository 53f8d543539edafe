// Phone verification by code through the real route handlers on a real database: signup forms
// that confirm by code, 2FA enrollment with separate marketing consent, the limits (attempts,
// expiry, cooldown, hourly cap, single use), device tokens, consent changes that leave the
// other consent alone, Twilio Verify through the real SDK, and organization scoping.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as enrollmentStart } from "@/app/api/v1/enrollments/route";
import { POST as publicCheck } from "@/app/api/v1/enrollments/[verificationId]/check/route";
import { POST as publicResend } from "@/app/api/v1/enrollments/[verificationId]/resend/route";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { POST as consentsRoute } from "@/app/api/v1/subscribers/[subscriberId]/consents/route";
import { POST as apiStart } from "@/app/api/v1/verifications/route";
import { POST as apiCheck } from "@/app/api/v1/verifications/[verificationId]/check/route";
import { POST as apiResend } from "@/app/api/v1/verifications/[verificationId]/resend/route";
import { hashApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db/client";
import { scrubSentCodes } from "@/lib/sms/redact-code";
import { FakeTwilio } from "../support/fake-twilio";
import {
  createEnrollmentFormFixture,
  createPublishedFormFixture,
  signupRequest,
} from "../support/factories";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN } from "../support/test-env";
import { useFakeTwilio } from "../support/use-fake-twilio";

const CODE_CONFIRMATION =
  "{program}: You're subscribed to recurring marketing texts. {frequency} {rates} Reply HELP for help, STOP to cancel.";

let ipCounter = 0;
const nextIp = () => `10.77.${Math.floor(++ipCounter / 200)}.${ipCounter % 200}`;

function jsonRequest(path: string, body: unknown, headers: Record<string, string> = {}) {
  return new Request(`http://internal${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "Mozilla/5.0 (integration test)",
      "x-forwarded-for": nextIp(),
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

/** The JSON answers these routes give, loosely: tests assert on their shape. */
interface Answer {
  [key: string]: unknown;
  error: {
    reason: string;
    attemptsLeft: number;
    message: string;
    fields: Record<string, string[]>;
  };
}

async function read(response: Response) {
  return { status: response.status, body: (await response.json()) as Answer };
}

const idParams = (verificationId: string) => ({ params: Promise.resolve({ verificationId }) });

async function createKey(organizationId: string, scopes = ["verify:write"]) {
  const key = `optl_${randomBytes(24).toString("base64url")}`;
  await db.apiKey.create({
    data: {
      organizationId,
      name: "app",
      prefix: key.slice(0, 11),
      keyHash: hashApiKey(key),
      scopes,
    },
  });
  return key;
}

async function createEnrollmentForm(label: string) {
  const fixture = await createEnrollmentFormFixture(label);
  return { ...fixture, key: await createKey(fixture.organizationId) };
}

/** The code as the phone shows it: the latest code SMS to that number. */
async function latestCode(phone: string) {
  const message = await db.message.findFirstOrThrow({
    where: { to: phone, kind: "code" },
    orderBy: { createdAt: "desc" },
  });
  const match = /(\d{3}) (\d{3})/.exec(message.body);
  expect(match).not.toBeNull();
  return { code: `${match![1]}${match![2]}`, message };
}

/** Moves a verification's last send into the past, as if the person had waited. */
async function ageLastSend(verificationId: string, seconds: number) {
  const row = await db.verificationCode.findUniqueOrThrow({ where: { id: verificationId } });
  await db.verificationCode.update({
    where: { id: verificationId },
    data: { lastSentAt: new Date(row.lastSentAt.getTime() - seconds * 1000) },
  });
}

const eventTypes = async (subscriberId: string) =>
  (await db.consentEvent.findMany({ where: { subscriberId }, orderBy: { seq: "asc" } })).map(
    (e) => e.type,
  );

describe("signup forms that confirm by code", () => {
  let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
  beforeAll(async () => {
    fixture = await createPublishedFormFixture({
      label: "Codes",
      content: {
        verificationMethod: "CODE",
        confirmationMessage: CODE_CONFIRMATION,
        codeExpiryMinutes: 5,
      },
    });
  });

  async function signUp(phone: string) {
    const response = await signupRoute(
      signupRequest(
        fixture.form.id,
        { phone, country: "US", marketingConsent: true },
        { "x-forwarded-for": nextIp() },
      ),
      { params: Promise.resolve({ formId: fixture.form.id }) },
    );
    await outboxIdle();
    const { status, body } = await read(response);
    expect(status).toBe(202);
    return body.verification as {
      verificationId: string;
      sequence: number;
      expiresAt: string;
      sentAt: string;
      resendAvailableAt: string;
      attemptsLeft: number;
    };
  }
  // The welcome text a right code queues goes out in the background: wait for it.
  const check = async (verificationId: string, code: string) => {
    const answer = await publicCheck(
      jsonRequest(`/api/v1/enrollments/${verificationId}/check`, { code }),
      idParams(verificationId),
    ).then(read);
    await outboxIdle();
    return answer;
  };

  it("sends a code at once instead of “Reply YES”, stores only its HMAC, and confirms marketing like a YES", async () => {
    const verification = await signUp("2015550601");
    expect(verification).toMatchObject({ sequence: 1, attemptsLeft: 5 });
    expect(
      new Date(verification.expiresAt).getTime() - new Date(verification.sentAt).getTime(),
    ).toBe(5 * 60_000);
    const { code, message } = await latestCode("+12015550601");
    expect(message.body).toBe(
      `Acme Deals: your code to confirm texts is ${code.slice(0, 3)} ${code.slice(3)} (code 1 of today). It expires in 5 min. Don't share it.`,
    );
    // No "Reply YES" text for a code-only form, and the code is not in the evidence.
    expect(await db.message.count({ where: { to: "+12015550601", kind: "confirmation" } })).toBe(0);
    expect(message.subscriberId).toBeNull();
    const row = await db.verificationCode.findUniqueOrThrow({
      where: { id: verification.verificationId },
    });
    expect(row.codeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550601" } });
    expect(subscriber.status).toBe("PENDING");
    const events = await db.consentEvent.findMany({ where: { subscriberId: subscriber.id } });
    expect(JSON.stringify(events)).not.toContain(code);

    const { status, body } = await check(
      verification.verificationId,
      `${code.slice(0, 3)} ${code.slice(3)}`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "approved",
      subscriberId: subscriber.id,
      marketing: "confirmed",
      deviceToken: null,
    });

    const confirmed = await db.subscriber.findUniqueOrThrow({
      where: { id: subscriber.id },
      include: { consents: true },
    });
    expect(confirmed.status).toBe("CONFIRMED");
    expect(confirmed.confirmedAt).not.toBeNull();
    expect(confirmed.consents.find((c) => c.purpose === "MARKETING")?.confirmedAt).toEqual(
      confirmed.confirmedAt,
    );
    expect(await eventTypes(subscriber.id)).toEqual([
      "signup.submitted",
      "verification.code_sent",
      "verification.approved",
      "marketing.confirmed",
      "sms.sent",
      "sms.delivery",
    ]);
    const confirmedEvent = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: subscriber.id, type: "marketing.confirmed" },
    });
    expect(confirmedEvent.data).toEqual({ method: "code", reply: null, confirmationSid: null });
    // The CTIA opt-in confirmation follows: the form's confirmation message.
    const notice = await db.message.findFirstOrThrow({
      where: { subscriberId: subscriber.id, kind: "notice" },
    });
    expect(notice.body).toContain("Acme Deals: You're subscribed");
  });

  it("is single use", async () => {
    const verification = await signUp("2015550602");
    const { code } = await latestCode("+12015550602");
    expect((await check(verification.verificationId, code)).status).toBe(200);
    const again = await check(verification.verificationId, code);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      reason: "already_used",
      message: "This code was already used.",
    });
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550602" } });
    expect(
      await db.consentEvent.count({
        where: { subscriberId: subscriber.id, type: "marketing.confirmed" },
      }),
    ).toBe(1);
  });

  it("kills the code at the fifth wrong entry and says why; nothing is confirmed", async () => {
    const verification = await signUp("2015550603");
    const { code } = await latestCode("+12015550603");
    const wrong = code === "000000" ? "111111" : "000000";
    for (let left = 4; left >= 1; left--) {
      const result = await check(verification.verificationId, wrong);
      expect(result.status).toBe(422);
      expect(result.body.error).toMatchObject({
        reason: "wrong_code",
        attemptsLeft: left,
        fields: { code: [expect.stringContaining(`${left} tr`)] },
      });
    }
    const dead = await check(verification.verificationId, wrong);
    expect(dead.body.error).toMatchObject({ reason: "too_many_attempts", attemptsLeft: 0 });
    // Even the right code is refused now.
    const late = await check(verification.verificationId, code);
    expect(late.status).toBe(422);
    expect(late.body.error.reason).toBe("too_many_attempts");

    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550603" } });
    expect(subscriber.status).toBe("PENDING");
    expect(
      await db.verificationCode.findUniqueOrThrow({ where: { id: verification.verificationId } }),
    ).toMatchObject({ status: "FAILED", attempts: 5 });
    const failures = await db.consentEvent.findMany({
      where: { subscriberId: subscriber.id, type: "verification.code_failed" },
      orderBy: { seq: "asc" },
    });
    expect(failures.map((e) => (e.data as { reason: string }).reason)).toEqual([
      "wrong_code",
      "wrong_code",
      "wrong_code",
      "wrong_code",
      "too_many_attempts",
    ]);
    const risks = await db.riskEvent.findMany({
      where: { organizationId: fixture.organizationId, phone: "+12015550603" },
    });
    expect(risks.map((r) => r.type).sort()).toEqual([
      "code_attempts_exhausted",
      "code_wrong",
      "code_wrong",
      "code_wrong",
      "code_wrong",
    ]);
  });

  it("refuses an expired code, whatever is typed, and records it", async () => {
    const verification = await signUp("2015550604");
    const { code } = await latestCode("+12015550604");
    await db.verificationCode.update({
      where: { id: verification.verificationId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const result = await check(verification.verificationId, code);
    expect(result.status).toBe(422);
    expect(result.body.error).toMatchObject({
      reason: "expired",
      message: "This code has expired. Ask for a new one.",
    });
    expect(
      (await db.verificationCode.findUniqueOrThrow({ where: { id: verification.verificationId } }))
        .status,
    ).toBe("EXPIRED");
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550604" } });
    expect(subscriber.status).toBe("PENDING");
    expect(
      await db.riskEvent.count({ where: { phone: "+12015550604", type: "code_expired" } }),
    ).toBe(1);
  });

  it("resends after 30 s with the next code of the day, at most 5 sends per hour", async () => {
    const verification = await signUp("2015550605");
    const first = await latestCode("+12015550605");
    const resend = (channel?: string) =>
      publicResend(
        jsonRequest(
          `/api/v1/enrollments/${verification.verificationId}/resend`,
          channel ? { channel } : {},
        ),
        idParams(verification.verificationId),
      );

    const tooSoon = await resend();
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await tooSoon.json()) as { error: { message: string } }).error.message).toMatch(
      /^Wait \d+ s/,
    );

    await ageLastSend(verification.verificationId, 31);
    const second = await read(await resend());
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      verificationId: verification.verificationId,
      sequence: 2,
      attemptsLeft: 5,
    });
    const newCode = await latestCode("+12015550605");
    expect(newCode.message.body).toContain("(code 2 of today)");
    expect(newCode.message.id).not.toBe(first.message.id);

    // Voice needs Twilio Verify; optline's own codes go by SMS only.
    await ageLastSend(verification.verificationId, 31);
    expect((await resend("call")).status).toBe(422);

    for (const sequence of [3, 4, 5]) {
      await ageLastSend(verification.verificationId, 31);
      expect((await read(await resend())).body.sequence).toBe(sequence);
    }
    await ageLastSend(verification.verificationId, 31);
    const capped = await resend();
    expect(capped.status).toBe(429);
    expect(
      await db.riskEvent.count({
        where: { phone: "+12015550605", type: "repeated_code_requests" },
      }),
    ).toBe(1);
    expect(await db.message.count({ where: { to: "+12015550605", kind: "code" } })).toBe(5);

    // An hour later the number may have codes again.
    await ageLastSend(verification.verificationId, 3600);
    expect((await resend()).status).toBe(200);

    // Only the latest code works: the first one arriving late is refused.
    if (first.code !== (await latestCode("+12015550605")).code) {
      const stale = await check(verification.verificationId, first.code);
      expect(stale.body.error.reason).toBe("wrong_code");
    }
    const latest = await latestCode("+12015550605");
    expect((await check(verification.verificationId, latest.code)).status).toBe(200);
  });
});

describe("2FA enrollment with separate marketing consent (API)", () => {
  let app: Awaited<ReturnType<typeof createEnrollmentForm>>;
  let other: Awaited<ReturnType<typeof createEnrollmentForm>>;
  beforeAll(async () => {
    app = await createEnrollmentForm("Enroll");
    other = await createEnrollmentForm("Other");
  });

  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const start = (body: Record<string, unknown>, key = app.key) =>
    apiStart(
      jsonRequest(
        "/api/v1/verifications",
        { formId: app.form.id, country: "US", ...body },
        auth(key),
      ),
    ).then(read);
  const checkApi = (id: string, body: Record<string, unknown>, key = app.key) =>
    apiCheck(jsonRequest(`/api/v1/verifications/${id}/check`, body, auth(key)), idParams(id)).then(
      read,
    );
  const consents = (subscriberId: string, body: Record<string, unknown>, key = app.key) =>
    consentsRoute(jsonRequest(`/api/v1/subscribers/${subscriberId}/consents`, body, auth(key)), {
      params: Promise.resolve({ subscriberId }),
    }).then(read);

  async function enroll(phone: string, marketing: boolean) {
    const started = await start({ phone });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: "pending", sequence: 1, skipped: false });
    const { code } = await latestCode(`+1${phone}`);
    const checked = await checkApi(started.body.verificationId as string, {
      code,
      consents: { verification: true, marketing },
    });
    expect(checked.status).toBe(200);
    return { started: started.body, checked: checked.body };
  }

  it("without marketing: 2FA consent only, NOT_SUBSCRIBED", async () => {
    const { checked } = await enroll("2015550701", false);
    expect(checked).toMatchObject({ status: "approved", marketing: "unchanged" });
    const subscriber = await db.subscriber.findUniqueOrThrow({
      where: { id: checked.subscriberId as string },
      include: { consents: true },
    });
    expect(subscriber.status).toBe("NOT_SUBSCRIBED");
    expect(
      subscriber.consents.map((c) => [c.purpose, c.grantMethod, Boolean(c.grantedAt)]),
    ).toEqual([["VERIFICATION", "code", true]]);
    expect(await eventTypes(subscriber.id)).toEqual([
      "verification.approved",
      "verification.granted",
    ]);
    const granted = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: subscriber.id, type: "verification.granted" },
    });
    expect(granted).toMatchObject({ actorType: "API_KEY" });
    expect(granted.data).toMatchObject({
      method: "code",
      consentText: expect.stringContaining("Acme App") as unknown,
    });
  });

  it("with marketing: its own grant and confirmation, CONFIRMED", async () => {
    const { checked } = await enroll("2015550702", true);
    expect(checked.marketing).toBe("confirmed");
    const subscriber = await db.subscriber.findUniqueOrThrow({
      where: { id: checked.subscriberId as string },
      include: { consents: true },
    });
    expect(subscriber.status).toBe("CONFIRMED");
    const marketing = subscriber.consents.find((c) => c.purpose === "MARKETING")!;
    expect(marketing).toMatchObject({ grantMethod: "enrollment" });
    expect(marketing.confirmedAt).not.toBeNull();
    expect(subscriber.consents.find((c) => c.purpose === "VERIFICATION")?.grantedAt).not.toBeNull();
    expect((await eventTypes(subscriber.id)).slice(0, 4)).toEqual([
      "verification.approved",
      "verification.granted",
      "marketing.granted",
      "marketing.confirmed",
    ]);
    const grant = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: subscriber.id, type: "marketing.granted" },
    });
    expect(grant.data).toMatchObject({
      method: "enrollment",
      formId: app.form.id,
      checkboxInitiallyChecked: false,
    });
    const confirm = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: subscriber.id, type: "marketing.confirmed" },
    });
    expect(confirm.data).toMatchObject({ method: "code" });
  });

  it("needs the 2FA box ticked, without using up an attempt", async () => {
    const started = await start({ phone: "2015550703" });
    const { code } = await latestCode("+12015550703");
    const refused = await checkApi(started.body.verificationId as string, {
      code,
      consents: { verification: false, marketing: true },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toHaveProperty(["consents.verification"]);
    expect(
      (
        await db.verificationCode.findUniqueOrThrow({
          where: { id: started.body.verificationId as string },
        })
      ).attempts,
    ).toBe(0);
  });

  it("turning 2FA off keeps marketing, and withdrawing marketing keeps 2FA", async () => {
    const { checked } = await enroll("2015550704", true);
    const id = checked.subscriberId as string;
    const consentsOf = async () =>
      Object.fromEntries(
        (await db.consent.findMany({ where: { subscriberId: id } })).map((c) => [c.purpose, c]),
      );

    const off = await consents(id, { purpose: "verification", action: "revoke" });
    expect(off).toMatchObject({ status: 200, body: { changed: true, status: "confirmed" } });
    let now = await consentsOf();
    expect(now.VERIFICATION).toMatchObject({ revokeMethod: "api" });
    expect(now.VERIFICATION!.revokedAt).not.toBeNull();
    expect(now.MARKETING).toMatchObject({ revokedAt: null });
    expect(now.MARKETING!.confirmedAt).not.toBeNull();
    expect((await db.subscriber.findUniqueOrThrow({ where: { id } })).status).toBe("CONFIRMED");

    // Again: nothing to do, nothing recorded.
    expect((await consents(id, { purpose: "verification", action: "revoke" })).body.changed).toBe(
      false,
    );
    expect((await consents(id, { purpose: "verification", action: "grant" })).body.changed).toBe(
      true,
    );

    const stop = await consents(id, { purpose: "marketing", action: "revoke" });
    expect(stop.body).toMatchObject({ changed: true, status: "unsubscribed" });
    now = await consentsOf();
    expect(now.MARKETING).toMatchObject({ revokeMethod: "api" });
    expect(now.VERIFICATION).toMatchObject({ revokedAt: null, grantMethod: "api" });
    const types = await eventTypes(id);
    expect(types.filter((t) => t.endsWith("revoked"))).toEqual([
      "verification.revoked",
      "marketing.revoked",
    ]);

    expect((await consents(id, { purpose: "email", action: "revoke" })).status).toBe(422);
  });

  it("skips the code on a recognized device for the same number only", async () => {
    const { started, checked } = await enroll("2015550705", false);
    const deviceToken = checked.deviceToken as string;
    expect(deviceToken).toMatch(/^odt1\./);
    expect(new Date(checked.deviceTokenExpiresAt as string).getTime() - Date.now()).toBeGreaterThan(
      89 * 86_400_000,
    );
    const codesBefore = await db.verificationCode.count();
    const messagesBefore = await db.message.count({ where: { kind: "code" } });

    const skipped = await start({ phone: "2015550705", deviceToken });
    expect(skipped).toMatchObject({
      status: 200,
      body: { status: "approved", skipped: true, subscriberId: checked.subscriberId },
    });
    expect(await db.verificationCode.count()).toBe(codesBefore);
    expect(await db.message.count({ where: { kind: "code" } })).toBe(messagesBefore);

    // Another number with the same token, or a tampered token: a code is sent as usual.
    expect((await start({ phone: "2015550706", deviceToken })).body.skipped).toBe(false);
    await ageLastSend(started.verificationId as string, 31);
    const tampered = deviceToken.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    const again = await start({ phone: "2015550705", deviceToken: tampered });
    expect(again.body).toMatchObject({ status: "pending", skipped: false });

    // With 2FA turned off, the device no longer skips the code.
    await consents(checked.subscriberId as string, { purpose: "verification", action: "revoke" });
    await ageLastSend(again.body.verificationId as string, 31);
    expect((await start({ phone: "2015550705", deviceToken })).body.skipped).toBe(false);
  });

  it("answers 404 for another organization's forms, verifications and subscribers", async () => {
    const mine = await enroll("2015550707", true);
    const pending = await start({ phone: "2015550708" });
    const theirs = other.key;
    const id = pending.body.verificationId as string;

    expect((await start({ phone: "2015550709" }, theirs)).status).toBe(404);
    expect(
      (await checkApi(id, { code: "123456", consents: { verification: true } }, theirs)).status,
    ).toBe(404);
    const resend = await apiResend(
      jsonRequest(`/api/v1/verifications/${id}/resend`, {}, auth(theirs)),
      idParams(id),
    );
    expect(resend.status).toBe(404);
    expect(
      (
        await consents(
          mine.checked.subscriberId as string,
          { purpose: "marketing", action: "revoke" },
          theirs,
        )
      ).status,
    ).toBe(404);
    // Nothing changed for the owner.
    expect((await db.verificationCode.findUniqueOrThrow({ where: { id } })).attempts).toBe(0);
    expect(
      (
        await db.subscriber.findUniqueOrThrow({
          where: { id: mine.checked.subscriberId as string },
        })
      ).status,
    ).toBe("CONFIRMED");
  });

  it("needs the verify:write scope", async () => {
    const readOnly = await createKey(app.organizationId, ["subscribers:read"]);
    expect((await start({ phone: "2015550710" }, readOnly)).status).toBe(403);
  });

  it("works from the public form too (no key), and refuses signup forms there", async () => {
    const started = await read(
      await enrollmentStart(
        jsonRequest("/api/v1/enrollments", {
          formId: app.form.slug,
          phone: "2015550711",
          country: "US",
        }),
      ),
    );
    expect(started.status).toBe(201);
    const { code } = await latestCode("+12015550711");
    const approved = await read(
      await publicCheck(
        jsonRequest(`/api/v1/enrollments/${started.body.verificationId as string}/check`, {
          code,
          consents: { verification: true, marketing: false },
        }),
        idParams(started.body.verificationId as string),
      ),
    );
    // Approved, but no device token: any site could relay the public flow.
    expect(approved).toMatchObject({
      status: 200,
      body: { status: "approved", deviceToken: null },
    });

    const signupForm = await createPublishedFormFixture({ label: "Plain" });
    const refused = await read(
      await enrollmentStart(
        jsonRequest("/api/v1/enrollments", {
          formId: signupForm.form.slug,
          phone: "2015550712",
          country: "US",
        }),
      ),
    );
    expect(refused.status).toBe(422);
  });
});

describe("Twilio Verify driver (real SDK against the fake Twilio)", () => {
  const twilio = new FakeTwilio({
    accountSid: FAKE_TWILIO_ACCOUNT_SID,
    authToken: FAKE_TWILIO_AUTH_TOKEN,
  });
  let app: Awaited<ReturnType<typeof createEnrollmentForm>>;
  let restoreEnv: () => void;

  beforeAll(async () => {
    await twilio.start();
    restoreEnv = useFakeTwilio(twilio, {
      TWILIO_FROM_NUMBER: "+12025550000",
      TWILIO_VERIFY_SERVICE_SID: `VA${"3".repeat(32)}`,
    });
    app = await createEnrollmentForm("Verify");
  });
  afterAll(async () => {
    restoreEnv();
    await twilio.stop();
  });

  const auth = () => ({ authorization: `Bearer ${app.key}` });

  it("sends with Verify, falls back to a voice call, and checks the code with Verify", async () => {
    const started = await read(
      await apiStart(
        jsonRequest(
          "/api/v1/verifications",
          { formId: app.form.id, phone: "2015550801", country: "US" },
          auth(),
        ),
      ),
    );
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      channel: "sms",
      channels: ["sms", "call", "whatsapp"],
      sequence: 1,
    });
    const verification = twilio.pendingVerification("+12015550801")!;
    expect(verification.sends.map((s) => s.channel)).toEqual(["sms"]);
    // Twilio sends the SMS itself: nothing in our outbox.
    expect(twilio.messages).toHaveLength(0);
    const id = started.body.verificationId as string;
    expect(await db.verificationCode.findUniqueOrThrow({ where: { id } })).toMatchObject({
      provider: "twilio_verify",
      providerSid: verification.sid,
      codeHash: null,
    });

    // The SMS did not arrive: ask for a call (after the cooldown).
    await ageLastSend(id, 31);
    const call = await read(
      await apiResend(
        jsonRequest(`/api/v1/verifications/${id}/resend`, { channel: "call" }, auth()),
        idParams(id),
      ),
    );
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({ channel: "call", sequence: 2 });
    expect(verification.sends.map((s) => s.channel)).toEqual(["sms", "call"]);

    const wrong = verification.code === "000000" ? "111111" : "000000";
    const bad = await read(
      await apiCheck(
        jsonRequest(
          `/api/v1/verifications/${id}/check`,
          { code: wrong, consents: { verification: true } },
          auth(),
        ),
        idParams(id),
      ),
    );
    expect(bad.body.error).toMatchObject({ reason: "wrong_code", attemptsLeft: 4 });
    expect(verification.checkAttempts).toBe(1);

    const good = await read(
      await apiCheck(
        jsonRequest(
          `/api/v1/verifications/${id}/check`,
          { code: verification.code, consents: { verification: true, marketing: false } },
          auth(),
        ),
        idParams(id),
      ),
    );
    expect(good).toMatchObject({ status: 200, body: { status: "approved" } });
    expect(verification.status).toBe("approved");
    const approved = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: good.body.subscriberId as string, type: "verification.approved" },
    });
    expect(approved.data).toEqual({
      verificationId: id,
      provider: "twilio_verify",
      channel: "call",
    });
  });

  it("maps Twilio's refusals: unknown verification (20404) is an expired code, max sends (60203) a 429", async () => {
    const started = await read(
      await apiStart(
        jsonRequest(
          "/api/v1/verifications",
          { formId: app.form.id, phone: "2015550802", country: "US" },
          auth(),
        ),
      ),
    );
    const id = started.body.verificationId as string;
    const verification = twilio.pendingVerification("+12015550802")!;
    verification.status = "canceled"; // Twilio forgot it (expired on its side)
    const expired = await read(
      await apiCheck(
        jsonRequest(
          `/api/v1/verifications/${id}/check`,
          { code: "123456", consents: { verification: true } },
          auth(),
        ),
        idParams(id),
      ),
    );
    expect(expired.body.error.reason).toBe("expired");

    const next = await read(
      await apiStart(
        jsonRequest(
          "/api/v1/verifications",
          { formId: app.form.id, phone: "2015550803", country: "US" },
          auth(),
        ),
      ),
    );
    twilio
      .pendingVerification("+12015550803")!
      .sends.push(
        ...Array.from({ length: 4 }, () => ({ channel: "sms" as const, at: new Date() })),
      );
    await ageLastSend(next.body.verificationId as string, 31);
    const refused = await apiResend(
      jsonRequest(`/api/v1/verifications/${next.body.verificationId as string}/resend`, {}, auth()),
      idParams(next.body.verificationId as string),
    );
    expect(refused.status).toBe(429);
    expect(
      await db.riskEvent.count({
        where: { phone: "+12015550803", type: "repeated_code_requests", errorCode: 60203 },
      }),
    ).toBe(1);
  });
});

describe("verification codes at rest", () => {
  const twilio = new FakeTwilio({
    accountSid: FAKE_TWILIO_ACCOUNT_SID,
    authToken: FAKE_TWILIO_AUTH_TOKEN,
  });
  let restore = () => {};
  afterAll(async () => {
    restore();
    await twilio.stop();
  });

  it("keeps no plain code in the database once Twilio has the SMS", async () => {
    await twilio.start();
    restore = useFakeTwilio(twilio);
    const fixture = await createPublishedFormFixture({
      label: "AtRest",
      content: { verificationMethod: "CODE", confirmationMessage: CODE_CONFIRMATION },
    });
    const response = await signupRoute(
      signupRequest(
        fixture.form.id,
        { phone: "2015550951", country: "US", marketingConsent: true },
        { "x-forwarded-for": nextIp() },
      ),
      { params: Promise.resolve({ formId: fixture.form.id }) },
    );
    await outboxIdle();
    expect(response.status).toBe(202);
    const sent = twilio.messages.find((message) => message.to === "+12015550951");
    expect(sent?.body).toMatch(/\d{3} \d{3}/); // the person gets the code…
    const stored = await db.message.findFirstOrThrow({
      where: { to: "+12015550951", kind: "code" },
    });
    expect(stored.body).not.toMatch(/\d{3} \d{3}/); // …the database keeps only a redacted copy
    expect(stored.body).toContain("••• •••");
    restore();
  });

  it("scrubs the dev inbox's codes once no code can still be valid", async () => {
    const fixture = await createPublishedFormFixture({
      label: "DevScrub",
      content: { verificationMethod: "CODE", confirmationMessage: CODE_CONFIRMATION },
    });
    await signupRoute(
      signupRequest(
        fixture.form.id,
        { phone: "2015550952", country: "US", marketingConsent: true },
        { "x-forwarded-for": nextIp() },
      ),
      { params: Promise.resolve({ formId: fixture.form.id }) },
    );
    await outboxIdle();
    const message = await db.message.findFirstOrThrow({
      where: { to: "+12015550952", kind: "code" },
    });
    expect(message.body).toMatch(/\d{3} \d{3}/); // the Dev phone shows it while it is usable
    expect(await scrubSentCodes(new Date(message.createdAt.getTime() + 14 * 60_000))).toBe(0);
    expect(
      await scrubSentCodes(new Date(message.createdAt.getTime() + 16 * 60_000)),
    ).toBeGreaterThanOrEqual(1);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).body).not.toMatch(
      /\d{3} \d{3}/,
    );
  });
});
