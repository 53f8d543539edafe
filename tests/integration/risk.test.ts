// Fraud and failure monitoring, rule by rule: what the signup route records and refuses, the
// pattern detectors and their blocks (thresholds in lib/risk/thresholds.ts), unblocking, code
// requests, delivery failures, GSM-7 transliteration in the outbox, and the page reports.
// Times are fixed (a fake clock for Date only), so every window holds exactly what is sent.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { POST as statusWebhook } from "@/app/api/webhooks/twilio/status/route";
import { createAudience } from "@/lib/audiences/create-audience";
import { db } from "@/lib/db/client";
import { createForm } from "@/lib/forms/create-form";
import { publishForm } from "@/lib/forms/publish-form";
import { AppError } from "@/lib/errors";
import { assessCodeRequest } from "@/lib/risk/assess-phone-request";
import { getFailureReport } from "@/lib/risk/get-failure-report";
import { getRiskOverview } from "@/lib/risk/get-risk-overview";
import { recordRiskEvent } from "@/lib/risk/record-risk-event";
import { listAuditLog } from "@/lib/compliance/list-audit-log";
import { userActor } from "@/lib/consent-events/actor";
import { removeRiskBlock } from "@/lib/risk/remove-risk-block";
import { BLOCK_MESSAGES } from "@/lib/risk/thresholds";
import { analyzeSegments } from "@/lib/sms/segments";
import { FakeTwilio } from "../support/fake-twilio";
import {
  countRows,
  createTestAccount,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN } from "../support/test-env";
import { useFakeTwilio } from "../support/use-fake-twilio";

const DAY = Date.UTC(2026, 10, 3, 9, 0, 0);
const minutes = (n: number) => new Date(DAY + n * 60_000);

interface FormSettings {
  transliterate?: boolean;
  allowedCountries?: string[];
  programName?: string;
}

/** A published form whose version has the given settings (set on the draft, then published). */
async function createFormWith({ programName, ...settings }: FormSettings = {}) {
  const account = await createTestAccount("Risk");
  const organizationId = account.organization.id;
  const audience = await createAudience({ organizationId, input: { name: "List" } });
  const form = await createForm({
    organizationId,
    input: {
      name: "Deals",
      audienceId: audience.id,
      programName: programName ?? "Acme Deals",
      locale: "en",
      defaultCountry: "US",
    },
  });
  await db.signupFormVersion.updateMany({
    where: { formId: form.id, publishedAt: null },
    data: settings,
  });
  await publishForm({ organizationId, formId: form.id, userId: account.user.id });
  return { organizationId, form };
}

type Form = Awaited<ReturnType<typeof createFormWith>>;

async function signUp(form: Form, phone: string, ip: string, extra: Record<string, unknown> = {}) {
  const response = await signupRoute(
    signupRequest(
      form.form.id,
      { phone, country: "US", marketingConsent: true, ...extra },
      { "x-forwarded-for": ip },
    ),
    { params: Promise.resolve({ formId: form.form.id }) },
  );
  await outboxIdle();
  const body = (await response.json()) as {
    error?: { code: string; message: string; fields?: Record<string, string[]> };
  };
  return { ...body, status: response.status, retryAfter: response.headers.get("retry-after") };
}

async function eventsOf(organizationId: string, type?: string) {
  return db.riskEvent.findMany({
    where: { organizationId, ...(type ? { type } : {}) },
    orderBy: { createdAt: "asc" },
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the signup route records what it refuses", () => {
  let form: Form;
  beforeAll(async () => {
    form = await createFormWith();
  });

  it("records invalid and non-mobile numbers, and changes nothing else", async () => {
    const before = await countRows();
    expect((await signUp(form, "1234567890", "198.51.100.1")).status).toBe(422);
    expect((await signUp(form, "8005550100", "198.51.100.1")).status).toBe(422);
    expect((await signUp(form, "", "198.51.100.1")).status).toBe(422); // not typed yet: no event
    expect(await countRows()).toEqual(before);
    const events = await eventsOf(form.organizationId);
    expect(events.map((e) => [e.type, e.phone, e.prefix, e.country, e.ip])).toEqual([
      ["invalid_number", "+11234567890", "+11234", "US", "198.51.100.1"],
      ["not_mobile", "+18005550100", "+18005", "US", "198.51.100.1"],
    ]);
    expect(events[1]!.detail).toMatchObject({ reason: "NOT_MOBILE" });
    expect(events[0]!.formId).toBe(form.form.id);
  });

  it("records a honeypot hit and still answers as if it worked", async () => {
    const before = await countRows();
    const result = await signUp(form, "2015550170", "198.51.100.2", { company: "Spam Inc" });
    expect(result.status).toBe(202);
    expect(await countRows()).toEqual(before);
    const [event] = await eventsOf(form.organizationId, "honeypot");
    expect(event).toMatchObject({ phone: "+12015550170", ip: "198.51.100.2", country: "US" });
  });
});

describe("country allow-list", () => {
  it("accepts only the default country when the list is empty", async () => {
    const form = await createFormWith();
    const before = await countRows();
    const result = await signUp(form, "+4915112345678", "198.51.100.3");
    expect(result.status).toBe(422);
    expect(result.error).toMatchObject({
      code: "VALIDATION_FAILED",
      message: "This form accepts only numbers from the United States.",
      fields: { phone: ["This form accepts only numbers from the United States."] },
    });
    expect(await countRows()).toEqual(before);
    const [event] = await eventsOf(form.organizationId, "country_not_allowed");
    expect(event).toMatchObject({ country: "DE", phone: "+4915112345678", prefix: "+49151" });
    expect((await signUp(form, "2015550171", "198.51.100.3")).status).toBe(202);
  });

  it("accepts the listed countries and names them when refusing another", async () => {
    const form = await createFormWith({ allowedCountries: ["US", "DE"] });
    expect((await signUp(form, "+4915112345678", "198.51.100.4")).status).toBe(202);
    const french = await signUp(form, "+33612345678", "198.51.100.4");
    expect(french.status).toBe(422);
    expect(french.error?.fields?.phone).toEqual([
      "This form accepts only numbers from the United States or Germany.",
    ]);
  });
});

describe("pattern detectors", () => {
  it("blocks an IP that asks for more than 20 numbers in an hour, within its rate limit", async () => {
    const form = await createFormWith();
    vi.useFakeTimers({ toFake: ["Date"] });
    const areas = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217];
    const numbers = [...areas, 218, 219, 224, 225, 228, 229, 231].map((area) => `${area}5550143`);
    const statuses: number[] = [];
    // 2.5 minutes apart: 4 per 10 minutes, well under the per-IP limit; 22 numbers in 52.5 min.
    for (const [i, phone] of numbers.entries()) {
      vi.setSystemTime(minutes(i * 2.5));
      const result = await signUp(form, phone, "192.0.2.50");
      statuses.push(result.status);
      if (i === 20) {
        expect(result.error?.message).toBe(BLOCK_MESSAGES.ip);
        expect(result.retryAfter).toBe("3600");
      }
    }
    expect(statuses).toEqual([...Array.from({ length: 20 }, () => 202), 429, 429]);
    const blocks = await db.riskBlock.findMany({ where: { organizationId: form.organizationId } });
    expect(blocks).toMatchObject([
      { kind: "ip", value: "192.0.2.50", reason: "suspicious_ip_many_numbers" },
    ]);
    expect(blocks[0]!.expiresAt).toEqual(new Date(minutes(50).getTime() + 3600_000));
    const flags = await eventsOf(form.organizationId, "suspicious_ip_many_numbers");
    expect(flags).toHaveLength(1); // never more than 5 in 10 minutes, 21 in the hour once
    expect(flags[0]!.detail).toMatchObject({ numbersLastHour: 21, numbersLast10Minutes: 4 });
    expect((await eventsOf(form.organizationId, "blocked")).map((e) => e.detail)).toMatchObject([
      { blockKind: "ip", newBlock: true },
      { blockKind: "ip", newBlock: false },
    ]);
    // Another IP is not affected; the same IP in another organization is not either.
    expect((await signUp(form, "2405550143", "192.0.2.51")).status).toBe(202);
    const other = await createFormWith();
    expect((await signUp(other, "2405550144", "192.0.2.50")).status).toBe(202);
  });

  it("flags a sequential run from one network but blocks the prefix only when it comes from several", async () => {
    const form = await createFormWith();
    vi.useFakeTimers({ toFake: ["Date"] });
    const one: number[] = [];
    for (let i = 0; i < 8; i++) {
      vi.setSystemTime(minutes(i * 0.5));
      one.push((await signUp(form, `20155501${20 + i}`, "192.0.2.60")).status);
    }
    expect(one).toEqual(Array.from({ length: 8 }, () => 202));
    const single = await eventsOf(form.organizationId, "sequential_numbers");
    expect(single.map((e) => (e.detail as { length: number }).length)).toEqual([4, 5, 6, 7, 8]);
    expect(single.map((e) => (e.detail as { networks: number }).networks)).toEqual([1, 1, 1, 1, 1]);

    const several: number[] = [];
    for (let i = 0; i < 7; i++) {
      vi.setSystemTime(minutes(5 + i * 0.5));
      const ip = i % 2 === 0 ? "192.0.2.61" : "198.51.100.61"; // two networks
      several.push((await signUp(form, `31255501${40 + i * 2}`, ip)).status); // step 2
    }
    expect(several).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const blocks = await db.riskBlock.findMany({ where: { organizationId: form.organizationId } });
    expect(blocks).toMatchObject([
      { kind: "prefix", value: "+13125", reason: "sequential_numbers" },
    ]);
    const runs = (await eventsOf(form.organizationId, "sequential_numbers")).slice(5);
    expect(runs.map((e) => e.detail)).toMatchObject([
      { length: 4, step: 2, networks: 2 },
      { length: 5, step: 2, networks: 2 },
      { length: 6, step: 2, networks: 2, block: { kind: "prefix", value: "+13125" } },
    ]);
    // Other numbers in the +1201 range and elsewhere still go through.
    expect((await signUp(form, "2015559999", "192.0.2.63")).status).toBe(202);
  });

  it("blocks a number asked for more than 10 codes in an hour", async () => {
    const { organizationId, form } = await createFormWith();
    const request = (n: number, phone = "+12015550180") =>
      assessCodeRequest({
        organizationId,
        formId: form.id,
        ip: `198.51.100.${10 + n}`,
        phone,
        country: phone.startsWith("+49") ? "DE" : "US",
        defaultCountry: "US",
        allowedCountries: [],
        now: minutes(n),
      });
    const outcomes: string[] = [];
    for (let n = 0; n < 12; n++) {
      outcomes.push(
        await request(n).then(
          () => "ok",
          (error: unknown) => (error instanceof AppError ? error.message : "unexpected"),
        ),
      );
    }
    // The verification flow's own cap (5 an hour) refuses 6 to 10 after this check; the 11th
    // is more than 10 in the hour and blocks the number.
    expect(outcomes).toEqual([
      ...Array.from({ length: 10 }, () => "ok"),
      BLOCK_MESSAGES.phone,
      BLOCK_MESSAGES.phone,
    ]);
    const flags = await eventsOf(organizationId, "repeated_code_requests");
    expect(flags.map((e) => e.detail)).toEqual([
      {
        requestsLastHour: 11,
        block: {
          kind: "phone",
          value: "+12015550180",
          until: new Date(minutes(10).getTime() + 3600_000).toISOString(),
        },
      },
    ]);
    // Another number is fine; a number from a country the form does not take is refused.
    await expect(request(12, "+12015550181")).resolves.toBeUndefined();
    await expect(request(13, "+4915112345678")).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fields: { phone: ["This form accepts only numbers from the United States."] },
    });

    // Unblocking ends the block and starts the count afresh, so the next request goes through.
    const [block] = await db.riskBlock.findMany({ where: { organizationId } });
    const staff = userActor({ id: "staff-1", name: "Risa Staff", email: "risa@example.test" });
    const ended = await removeRiskBlock({
      organizationId,
      blockId: block!.id,
      actor: staff,
      now: minutes(14),
    });
    expect(ended.expiresAt).toEqual(minutes(14));
    // Who lifted which block is in the audit log, recorded with the change.
    const { items } = await listAuditLog({ organizationId });
    const lifted = items.find((item) => item.type === "risk_block.removed");
    expect(lifted?.actorName).toBe("Risa Staff <risa@example.test>");
    expect(lifted?.description.title).toBe(`Lifted the ${block!.kind} block on ${block!.value}`);
    await expect(request(15)).resolves.toBeUndefined();
    // Another organization cannot see, let alone lift, this block.
    const other = await createFormWith();
    await expect(
      removeRiskBlock({ organizationId: other.organizationId, blockId: block!.id, actor: staff }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets an unblocked IP in at once instead of blocking it again for the same numbers", async () => {
    const form = await createFormWith();
    vi.useFakeTimers({ toFake: ["Date"] });
    const numbers = Array.from(
      { length: 22 },
      (_, i) => `${[201, 202, 203, 205][i % 4]}55502${10 + i}`,
    );
    for (const [i, phone] of numbers.slice(0, 21).entries()) {
      vi.setSystemTime(minutes(i * 2.5));
      await signUp(form, phone, "192.0.2.70");
    }
    const [block] = await db.riskBlock.findMany({ where: { organizationId: form.organizationId } });
    expect(block).toMatchObject({ kind: "ip", value: "192.0.2.70" });
    vi.setSystemTime(minutes(53));
    await removeRiskBlock({
      organizationId: form.organizationId,
      blockId: block!.id,
      actor: userActor({ id: "staff-1", name: "Risa Staff", email: "risa@example.test" }),
      now: minutes(53),
    });
    vi.setSystemTime(minutes(54));
    expect((await signUp(form, numbers[21]!, "192.0.2.70")).status).toBe(202);
  });
});

describe("delivery failures", () => {
  const twilio = new FakeTwilio({
    accountSid: FAKE_TWILIO_ACCOUNT_SID,
    authToken: FAKE_TWILIO_AUTH_TOKEN,
  });
  let form: Form;
  let restoreEnv: () => void;

  beforeAll(async () => {
    await twilio.start();
    restoreEnv = useFakeTwilio(twilio);
    form = await createFormWith();
  });

  afterAll(async () => {
    restoreEnv();
    await twilio.stop();
  });

  it("records an undelivered status callback once, with its error code and country", async () => {
    expect((await signUp(form, "2015550190", "198.51.100.90")).status).toBe(202);
    const message = await db.message.findFirstOrThrow({ where: { to: "+12015550190" } });
    const callback = { MessageSid: message.sid!, MessageStatus: "undelivered", ErrorCode: "30003" };
    for (let i = 0; i < 2; i++) {
      const response = await statusWebhook(
        signedTwilioRequest("/api/webhooks/twilio/status", callback),
      );
      expect(response.status).toBe(204);
    }
    const failures = await eventsOf(form.organizationId, "delivery_failed");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      errorCode: 30003,
      phone: "+12015550190",
      country: "US",
      prefix: "+12015",
      detail: { messageId: message.id, kind: "confirmation", status: "UNDELIVERED" },
    });
  });

  it("records a send Twilio refuses for good, but not one it will retry", async () => {
    twilio.optedOut.add("+12015550191");
    expect((await signUp(form, "2015550191", "198.51.100.91")).status).toBe(202);
    twilio.failNext(1);
    expect((await signUp(form, "2015550192", "198.51.100.92")).status).toBe(202);
    const failures = await eventsOf(form.organizationId, "delivery_failed");
    expect(failures.map((e) => [e.phone, e.errorCode])).toEqual([
      ["+12015550190", 30003],
      ["+12015550191", 21610],
    ]);
  });
});

describe("GSM-7 transliteration in the outbox", () => {
  const programName = "Sklep Żółw – „Promocje”";

  it("sends and stores the transliterated text when the form version asks for it", async () => {
    const form = await createFormWith({ transliterate: true, programName });
    expect((await signUp(form, "2015550195", "198.51.100.95")).status).toBe(202);
    const message = await db.message.findFirstOrThrow({ where: { to: "+12015550195" } });
    expect(message.body).toContain('Sklep Zolw - "Promocje"');
    expect(analyzeSegments(message.body).encoding).toBe("GSM-7");
    const sent = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: message.subscriberId!, type: "sms.sent" },
    });
    expect((sent.data as { body: string }).body).toBe(message.body);
  });

  it("leaves the text alone otherwise", async () => {
    const form = await createFormWith({ programName });
    expect((await signUp(form, "2015550196", "198.51.100.96")).status).toBe(202);
    const message = await db.message.findFirstOrThrow({ where: { to: "+12015550196" } });
    expect(message.body).toContain(programName);
    expect(analyzeSegments(message.body).encoding).toBe("UCS-2");
  });
});

describe("reports for the Risk and Failures pages", () => {
  it("counts failures by day, country and error code over 14 days, for one organization", async () => {
    const { organizationId } = await createFormWith();
    const other = await createFormWith();
    const now = new Date(Date.UTC(2026, 10, 20, 15, 0, 0));
    const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600_000);
    const record = (type: Parameters<typeof recordRiskEvent>[0]["type"], at: Date, extra = {}) =>
      recordRiskEvent({ organizationId, type, at, ...extra });
    for (let i = 0; i < 3; i++) {
      await record("delivery_failed", daysAgo(0), {
        phone: "+12015550100",
        country: "US",
        errorCode: 30007,
      });
    }
    await record("delivery_failed", daysAgo(1), {
      phone: "+4915112345678",
      country: "DE",
      errorCode: 30003,
    });
    await record("delivery_failed", daysAgo(1), {
      phone: "+4915112345679",
      country: "DE",
      errorCode: 30003,
    });
    await record("code_wrong", daysAgo(2), { country: "US" });
    await record("invalid_number", daysAgo(13), { country: "US" });
    await record("blocked", daysAgo(13));
    await record("invalid_number", daysAgo(14)); // before the first day shown
    await record("sequential_numbers", daysAgo(0)); // a signal, not a failure
    await recordRiskEvent({
      organizationId: other.organizationId,
      type: "delivery_failed",
      at: now,
    });

    const report = await getFailureReport({ organizationId, now });
    expect(report.total).toBe(8);
    expect(report.days).toHaveLength(14);
    expect(report.days[0]!.day).toBe("2026-11-07");
    expect(report.days.at(-1)).toMatchObject({ day: "2026-11-20", total: 3 });
    expect(report.days.map((day) => day.total)).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3]);
    expect(report.countries.map((row) => [row.country, row.total])).toEqual([
      ["US", 5],
      ["DE", 2],
      [null, 1],
    ]);
    expect(report.errorCodes).toEqual([
      { errorCode: 30007, label: "Filtered by the carrier as spam", count: 3 },
      {
        errorCode: 30003,
        label: "Unreachable: the phone is off or out of coverage",
        count: 2,
      },
    ]);
    expect(report.topCauses.slice(0, 2).map((cause) => [cause.label, cause.count])).toEqual([
      ["SMS delivery failed: Filtered by the carrier as spam", 3],
      ["SMS delivery failed: Unreachable: the phone is off or out of coverage", 2],
    ]);
  });

  it("groups the last 24 hours of signals by type, IP and prefix, and lists blocks", async () => {
    const { organizationId } = await createFormWith();
    const now = new Date(Date.UTC(2026, 10, 20, 15, 0, 0));
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3600_000);
    for (const hours of [1, 2, 3]) {
      await recordRiskEvent({
        organizationId,
        type: "prefix_burst",
        ip: "192.0.2.9",
        phone: "+14155550100",
        at: hoursAgo(hours),
      });
    }
    await recordRiskEvent({
      organizationId,
      type: "prefix_burst",
      ip: "192.0.2.10",
      phone: "+14155550101",
      at: hoursAgo(1),
    });
    await recordRiskEvent({ organizationId, type: "honeypot", ip: "192.0.2.9", at: hoursAgo(30) }); // too old
    await recordRiskEvent({ organizationId, type: "delivery_failed", at: hoursAgo(1) }); // Failures page
    await db.riskBlock.createMany({
      data: [
        {
          organizationId,
          kind: "prefix",
          value: "+14155",
          reason: "prefix_burst",
          createdAt: hoursAgo(1),
          expiresAt: hoursAgo(-0.5),
        },
        {
          organizationId,
          kind: "ip",
          value: "192.0.2.9",
          reason: "rate_limited",
          createdAt: hoursAgo(5),
          expiresAt: hoursAgo(4),
        },
      ],
    });

    const overview = await getRiskOverview({ organizationId, now });
    expect(overview.counts).toMatchObject({ prefix_burst: 4, honeypot: 0 });
    expect(overview.groups.map((g) => [g.type, g.ip, g.prefix, g.count])).toEqual([
      ["prefix_burst", "192.0.2.9", "+14155", 3],
      ["prefix_burst", "192.0.2.10", "+14155", 1],
    ]);
    expect(overview.groups[0]).toMatchObject({ first: hoursAgo(3), last: hoursAgo(1) });
    expect(overview.activeBlocks.map((b) => b.value)).toEqual(["+14155"]);
    expect(overview.endedBlocks.map((b) => b.value)).toEqual(["192.0.2.9"]);
  });
});
