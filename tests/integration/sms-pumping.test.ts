// An SMS pumping attack through the real route handlers: 1,000 requests for 200 numbers from
// 5 IPs (in 5 networks, as a proxy service gives them), 0.5 s apart, all inside one 10-minute
// window so that every sliding-window count below is an exact count:
//   - 800 signups on a signup form (POST /api/v1/public/forms/<id>/signups), then
//   - 200 code requests on a 2FA enrollment form of another organization through the public
//     code-request route, POST /api/v1/enrollments (the route an attacker can reach; the keyed
//     POST /api/v1/verifications runs the same function with the business's server as caller).
// The expected numbers are derived from lib/risk/thresholds.ts in the comments; a change of
// threshold or of the order of the checks changes them.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as enrollmentRoute } from "@/app/api/v1/enrollments/route";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { createAudience } from "@/lib/audiences/create-audience";
import { db } from "@/lib/db/client";
import { createForm } from "@/lib/forms/create-form";
import { publishForm } from "@/lib/forms/publish-form";
import { BLOCK_MESSAGES } from "@/lib/risk/thresholds";
import { createPublishedFormFixture, createTestAccount, signupRequest } from "../support/factories";

const START = Date.UTC(2026, 10, 2, 10, 0, 0); // on a 10-minute and an hour boundary
const STEP_MS = 500;
const SIGNUPS = 800;
const CODE_REQUESTS = 200;
const IPS = ["203.0.113.11", "198.51.100.12", "192.0.2.13", "100.64.7.14", "172.16.9.15"];

// Signup i comes from IPS[i % 5] for NUMBERS[i % 200]: the attacker cycles both lists. Only
// the first 100 (20 per IP, the per-IP limit) get past the IP limit, so the list is laid out
// in rows of 5, one request per IP:
const SEQUENTIAL = Array.from({ length: 10 }, (_, k) => `41555501${k.toString().padStart(2, "0")}`); // rows 0-1: +1 415 555 0100…0109
const FOREIGN = Array.from({ length: 10 }, (_, k) => `+491511234567${k}`); // rows 2-3, Germany
const NOT_MOBILE = Array.from({ length: 5 }, (_, k) => `800555010${k}`); // row 4, toll free
const INVALID = Array.from({ length: 5 }, (_, k) => `123456789${k}`); // row 5
const BURST = Array.from({ length: 45 }, (_, k) => `6465${100003 + k * 1237}`); // rows 6-14: +16465, not sequential
const SPREAD = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215]
  .concat([216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239, 240])
  .map((area) => `${area}5550142`); // rows 15-19: 25 prefixes
// +1 415 555 0110…0209: the code requests use the first 20; signups never get to parse them.
const LATER = Array.from({ length: 100 }, (_, k) => `415555${String(110 + k).padStart(4, "0")}`);
const NUMBERS = [
  ...SEQUENTIAL,
  ...FOREIGN,
  ...NOT_MOBILE,
  ...INVALID,
  ...BURST,
  ...SPREAD,
  ...LATER,
];

type Outcome =
  | "sent"
  | "refused: country not allowed"
  | "refused: invalid or not mobile"
  | "rate limited (per IP)"
  | "blocked: IP"
  | "blocked: number prefix";

async function classify(response: Response): Promise<Outcome> {
  if (response.status === 202 || response.status === 201) return "sent";
  const { error } = (await response.json()) as { error: { message: string } };
  if (response.status === 422) {
    return error.message.startsWith("This form accepts only numbers from")
      ? "refused: country not allowed"
      : "refused: invalid or not mobile";
  }
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  if (error.message === BLOCK_MESSAGES.ip) return "blocked: IP";
  if (error.message === BLOCK_MESSAGES.prefix) return "blocked: number prefix";
  expect(error.message).toMatch(/^Too many (signups|attempts) from your network/);
  return "rate limited (per IP)";
}

function count<T>(map: Map<T, number>, key: T) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

async function riskEventCounts(organizationId: string) {
  const rows = await db.riskEvent.groupBy({
    by: ["type"],
    where: { organizationId },
    _count: { _all: true },
    orderBy: { type: "asc" },
  });
  return Object.fromEntries(rows.map((row) => [row.type, row._count._all]));
}

async function createEnrollmentForm() {
  const account = await createTestAccount("PumpedApp");
  const organizationId = account.organization.id;
  const audience = await createAudience({ organizationId, input: { name: "App users" } });
  const form = await createForm({
    organizationId,
    input: {
      name: "Login verification",
      audienceId: audience.id,
      programName: "Acme App",
      locale: "en",
      defaultCountry: "US",
      kind: "ENROLLMENT",
    },
  });
  await publishForm({ organizationId, formId: form.id, userId: account.user.id });
  return { organizationId, form };
}

describe("SMS pumping: 1,000 signup and code requests for 200 numbers from 5 IPs", () => {
  let signupForm: Awaited<ReturnType<typeof createPublishedFormFixture>>;
  let codeForm: Awaited<ReturnType<typeof createEnrollmentForm>>;
  const signups = new Map<Outcome, number>();
  const codes = new Map<Outcome, number>();

  beforeAll(async () => {
    expect(NUMBERS).toHaveLength(200);
    signupForm = await createPublishedFormFixture({ label: "Pumped" });
    codeForm = await createEnrollmentForm();
    vi.useFakeTimers({ toFake: ["Date"] });
    for (let i = 0; i < SIGNUPS; i++) {
      vi.setSystemTime(START + i * STEP_MS);
      const response = await signupRoute(
        signupRequest(
          signupForm.form.id,
          { phone: NUMBERS[i % 200], country: "US", marketingConsent: true },
          { "x-forwarded-for": IPS[i % 5]! },
        ),
        { params: Promise.resolve({ formId: signupForm.form.id }) },
      );
      count(signups, await classify(response));
    }
    for (let c = 0; c < CODE_REQUESTS; c++) {
      vi.setSystemTime(START + (SIGNUPS + c) * STEP_MS);
      const response = await enrollmentRoute(
        new Request("http://internal/api/v1/enrollments", {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": IPS[c % 5]! },
          body: JSON.stringify({
            formId: codeForm.form.slug,
            phone: NUMBERS[100 + (c % 20)],
            country: "US",
          }),
        }),
      );
      count(codes, await classify(response));
    }
  }, 120_000);

  afterAll(() => {
    vi.useRealTimers();
  });

  it("answers each request as the thresholds say, and prints what happened", async () => {
    const table = (title: string, rows: [string, number][]) =>
      `${title}\n${rows.map(([label, n]) => `  ${label.padEnd(34)} ${String(n).padStart(4)}`).join("\n")}`;
    console.log(
      [
        table("Signups (800):", [...signups]),
        table("Code requests (200):", [...codes]),
        table("SMS sent:", [
          ["signup confirmations", await db.message.count({ where: { kind: "confirmation" } })],
          ["verification codes", await db.message.count({ where: { kind: "code" } })],
        ]),
        table(
          "Risk events, signup form:",
          Object.entries(await riskEventCounts(signupForm.organizationId)),
        ),
        table(
          "Risk events, code form:",
          Object.entries(await riskEventCounts(codeForm.organizationId)),
        ),
        table(
          "Blocks:",
          (await db.riskBlock.findMany({ orderBy: { createdAt: "asc" } })).map((block) => [
            `${block.kind} ${block.value} (${block.reason})`,
            1,
          ]),
        ),
      ].join("\n"),
    );

    expect(Object.fromEntries(signups)).toEqual({
      // Sequential 5 (the 6th blocks) + burst 40 (the 41st blocks) + spread 25.
      sent: 70,
      "refused: country not allowed": 10, // rows 2-3: the form takes its default country, US, only
      "refused: invalid or not mobile": 10, // rows 4-5
      // Signups 100-199: each IP's 21st to 40th request is over 20 per 10 min.
      "rate limited (per IP)": 100,
      // Signups 200-799: each IP's 41st request is its 21st refusal in 10 min, which blocks
      // it for an hour (5 requests); the other 595 hit that block.
      "blocked: IP": 600,
      // Signup 5 (+14155550105) makes a run of 6 from 5 networks: the prefix is blocked (1)
      // and 106-109 refused (4). Burst number 41 in +16465 is over 40: blocked (1), 4 after.
      "blocked: number prefix": 10,
    });
    expect(Object.fromEntries(codes)).toEqual({
      // +14155550110…0114: five codes, then 0115 makes a run of 6 from 5 networks.
      sent: 5,
      // The request that placed the block, and the other 94 of the first 100 (20 numbers in
      // the blocked prefix, cycled).
      "blocked: number prefix": 95,
      // The enrollment route's own limit (20 per IP per 10 min) refuses requests 100-199
      // before the number is looked at.
      "rate limited (per IP)": 100,
    });
  });

  it("sends exactly one text per accepted request", async () => {
    const { organizationId } = signupForm;
    expect(await db.message.count({ where: { organizationId } })).toBe(70);
    expect(await db.subscriber.count({ where: { organizationId } })).toBe(70);
    const sentTo = await db.message.findMany({ where: { organizationId }, select: { to: true } });
    const prefixes = new Map<string, number>();
    for (const { to } of sentTo) count(prefixes, to.slice(0, 6));
    expect(prefixes.get("+14155")).toBe(5);
    expect(prefixes.get("+16465")).toBe(40);

    const codeMessages = await db.message.findMany({
      where: { organizationId: codeForm.organizationId },
      select: { to: true, kind: true },
      orderBy: { to: "asc" },
    });
    expect(codeMessages).toEqual(
      ["+14155550110", "+14155550111", "+14155550112", "+14155550113", "+14155550114"].map(
        (to) => ({ to, kind: "code" }),
      ),
    );
  });

  it("records every refusal and flag as a risk event", async () => {
    expect(await riskEventCounts(signupForm.organizationId)).toEqual({
      country_not_allowed: 10,
      not_mobile: 5,
      invalid_number: 5,
      // Signups 100-199 (over the IP limit) and 200-204 (the refusal that blocks).
      rate_limited: 105,
      // One per request refused by a block, the one that placed it included: 5 + 5 + 600.
      blocked: 610,
      // Runs of 4, 5 and 6 (+14155550103, …104, …105).
      sequential_numbers: 3,
      // +16465 requests 16 to 41.
      prefix_burst: 26,
      // Requests that reached the detectors from an IP that already had 5 accepted numbers:
      // per IP, burst rows 10-13 and the 5 spread numbers (9), plus IP 0's burst number 41
      // (the one that blocked): 5 × 9 + 1.
      suspicious_ip_many_numbers: 46,
    });
    expect(await riskEventCounts(codeForm.organizationId)).toEqual({
      sequential_numbers: 3, // runs of 4, 5, 6
      blocked: 95,
    });
  });

  it("blocks the five IPs and the attacked prefixes, for an hour", async () => {
    const blocks = await db.riskBlock.findMany({
      select: {
        organizationId: true,
        kind: true,
        value: true,
        reason: true,
        createdAt: true,
        expiresAt: true,
      },
    });
    const label = (block: (typeof blocks)[number]) =>
      `${block.organizationId === codeForm.organizationId ? "code form" : "signup form"}: ${block.kind} ${block.value} ${block.reason} at +${(block.createdAt.getTime() - START) / 1000} s`;
    expect(blocks.map(label).sort()).toEqual(
      [
        // Signup 5 and signup 70 (burst number 41, from IP 0); code request 5.
        "signup form: prefix +14155 sequential_numbers at +2.5 s",
        "signup form: prefix +16465 prefix_burst at +35 s",
        "code form: prefix +14155 sequential_numbers at +402.5 s",
        // Signups 200-204.
        ...IPS.map((ip, k) => `signup form: ip ${ip} rate_limited at +${(200 + k) / 2} s`),
      ].sort(),
    );
    for (const block of blocks) {
      expect(block.expiresAt.getTime() - block.createdAt.getTime()).toBe(3600_000);
    }
  });
});
