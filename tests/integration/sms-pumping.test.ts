// An SMS pumping attack through the real route handlers: 1,000 verification-code requests for
// 200 numbers from 5 IPs (in 5 networks, as a proxy service gives them), 0.5 s apart, all
// inside one 10-minute window so that every sliding-window count below is an exact count:
//   - 800 on a signup form that confirms by code (POST /api/v1/public/forms/<id>/signups: an
//     accepted signup texts a 6-digit code, Message kind "code", and no "Reply YES"), then
//   - 200 on a 2FA enrollment form of another organization through the public code-request
//     route, POST /api/v1/enrollments (the route an attacker can reach; the keyed
//     POST /api/v1/verifications runs the same function with the business's server as caller).
// The expected numbers are derived in the comments from lib/risk/thresholds.ts and the code
// limits of lib/verification/code-policy.ts (30 s between sends, 5 sends per number per
// hour); a change of threshold or of the order of the checks changes them.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as enrollmentRoute } from "@/app/api/v1/enrollments/route";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { db } from "@/lib/db/client";
import { BLOCK_MESSAGES, type BlockKind } from "@/lib/risk/thresholds";
import { SIGNUP_SMS_COOLDOWN_SECONDS } from "@/lib/signups/submit-signup";
import { MAX_SENDS_PER_HOUR, RESEND_COOLDOWN_SECONDS } from "@/lib/verification/code-policy";
import {
  createEnrollmentFormFixture,
  createPublishedFormFixture,
  signupRequest,
} from "../support/factories";

const START = Date.UTC(2026, 10, 2, 10, 0, 0); // on a 10-minute and an hour boundary
const STEP_MS = 500;
const SIGNUPS = 800; // code requests on the signup form
const ENROLLMENTS = 200; // code requests on the enrollment form
// A code-form confirmation (the person confirmed by typing the code): no "Reply YES".
const CODE_CONFIRMATION =
  "{program}: You're subscribed to recurring marketing texts. {frequency} {rates} Reply HELP for help, STOP to cancel.";
const IPS = ["203.0.113.11", "198.51.100.12", "192.0.2.13", "100.64.7.14", "172.16.9.15"];

// Signup i comes from IPS[i % 5] for NUMBERS[i % 200]: the attacker cycles both lists. Only
// the first 100 (20 per IP, the per-IP limit) get past the IP limit, so the list is laid out
// in rows of 5, one request per IP. It also means that no number gets past the IP limit twice
// on the signup form: a number comes round again only at signup i + 200.
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

// Every answer the two routes can give to these requests (well-formed, for published forms,
// no Origin), so that the table shows what did not happen too (a 0) and an answer of a new
// kind fails the test instead of hiding in another row.
const OUTCOMES = [
  "code sent",
  // A pending signup submitted again within SIGNUP_SMS_COOLDOWN_SECONDS: 202 with the code
  // already out, no new SMS.
  `no new code: repeat within ${SIGNUP_SMS_COOLDOWN_SECONDS} s`,
  "refused: country not allowed",
  "refused: invalid or not mobile",
  `refused: resend cooldown (${RESEND_COOLDOWN_SECONDS} s)`,
  `refused: ${MAX_SENDS_PER_HOUR} codes per number/hour`,
  "rate limited (per number)",
  "rate limited (per IP)",
  "blocked: IP",
  "blocked: number prefix",
  "blocked: number",
  "blocked: country",
] as const;
type Outcome = (typeof OUTCOMES)[number];

const BLOCKED: Record<BlockKind, Outcome> = {
  ip: "blocked: IP",
  prefix: "blocked: number prefix",
  phone: "blocked: number",
  country: "blocked: country",
};

/** `at`: the request's time; a code sent by this very request was sent at `at`. */
async function classify(response: Response, at: number): Promise<Outcome> {
  if (response.status === 202 || response.status === 201) {
    // The signup route nests the code's view under `verification`; the enrollment route
    // answers with it.
    const body = (await response.json()) as { sentAt?: string; verification?: { sentAt: string } };
    const sentAt = body.verification?.sentAt ?? body.sentAt;
    expect(sentAt).toBeDefined();
    return sentAt === new Date(at).toISOString()
      ? "code sent"
      : `no new code: repeat within ${SIGNUP_SMS_COOLDOWN_SECONDS} s`;
  }
  const { error } = (await response.json()) as { error: { message: string } };
  if (response.status === 422) {
    return error.message.startsWith("This form accepts only numbers from")
      ? "refused: country not allowed"
      : "refused: invalid or not mobile";
  }
  expect(response.status).toBe(429);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  const block = (Object.keys(BLOCK_MESSAGES) as BlockKind[]).find(
    (kind) => BLOCK_MESSAGES[kind] === error.message,
  );
  if (block) return BLOCKED[block];
  if (/^Wait \d+ s before asking for another code\.$/.test(error.message)) {
    return `refused: resend cooldown (${RESEND_COOLDOWN_SECONDS} s)`;
  }
  if (error.message.startsWith(`This number has had ${MAX_SENDS_PER_HOUR} codes`)) {
    return `refused: ${MAX_SENDS_PER_HOUR} codes per number/hour`;
  }
  if (error.message.startsWith("This number has had several signup texts")) {
    return "rate limited (per number)";
  }
  expect(error.message).toMatch(/^Too many (signups|attempts) from your network/);
  return "rate limited (per IP)";
}

function count<T>(map: Map<T, number>, key: T) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Every outcome, 0 for those that did not happen, in the order of OUTCOMES. */
function outcomeCounts(map: Map<Outcome, number>): Record<Outcome, number> {
  return Object.fromEntries(OUTCOMES.map((outcome) => [outcome, map.get(outcome) ?? 0])) as Record<
    Outcome,
    number
  >;
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

describe("SMS pumping: 1,000 code requests for 200 numbers from 5 IPs", () => {
  let signupForm: Awaited<ReturnType<typeof createPublishedFormFixture>>;
  let codeForm: Awaited<ReturnType<typeof createEnrollmentFormFixture>>;
  const signups = new Map<Outcome, number>();
  const codes = new Map<Outcome, number>();

  beforeAll(async () => {
    expect(NUMBERS).toHaveLength(200);
    signupForm = await createPublishedFormFixture({
      label: "Pumped",
      content: { verificationMethod: "CODE", confirmationMessage: CODE_CONFIRMATION },
    });
    expect(signupForm.version.verificationMethod).toBe("CODE");
    codeForm = await createEnrollmentFormFixture("PumpedApp");
    vi.useFakeTimers({ toFake: ["Date"] });
    for (let i = 0; i < SIGNUPS; i++) {
      const at = START + i * STEP_MS;
      vi.setSystemTime(at);
      const response = await signupRoute(
        signupRequest(
          signupForm.form.id,
          { phone: NUMBERS[i % 200], country: "US", marketingConsent: true },
          { "x-forwarded-for": IPS[i % 5]! },
        ),
        { params: Promise.resolve({ formId: signupForm.form.id }) },
      );
      await outboxIdle();
      count(signups, await classify(response, at));
    }
    for (let c = 0; c < ENROLLMENTS; c++) {
      const at = START + (SIGNUPS + c) * STEP_MS;
      vi.setSystemTime(at);
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
      count(codes, await classify(response, at));
    }
  }, 120_000);

  afterAll(() => {
    vi.useRealTimers();
  });

  const formOf = (organizationId: string) =>
    organizationId === codeForm.organizationId ? "enrollment form" : "signup form";

  it("answers each request as the thresholds say, and prints what happened", async () => {
    const table = (title: string, rows: [string, number][]) =>
      `${title}\n${rows.map(([label, n]) => `  ${label.padEnd(52)} ${String(n).padStart(4)}`).join("\n")}`;
    console.log(
      [
        table(`Signup form, code requests (${SIGNUPS}):`, Object.entries(outcomeCounts(signups))),
        table(
          `Enrollment form, code requests (${ENROLLMENTS}):`,
          Object.entries(outcomeCounts(codes)),
        ),
        table("SMS queued:", [
          ["verification codes", await db.message.count({ where: { kind: "code" } })],
          [
            '"Reply YES" confirmations',
            await db.message.count({ where: { kind: "confirmation" } }),
          ],
          [
            "other",
            await db.message.count({ where: { kind: { notIn: ["code", "confirmation"] } } }),
          ],
        ]),
        table(
          "Risk events, signup form:",
          Object.entries(await riskEventCounts(signupForm.organizationId)),
        ),
        table(
          "Risk events, enrollment form:",
          Object.entries(await riskEventCounts(codeForm.organizationId)),
        ),
        table(
          "Blocks:",
          (await db.riskBlock.findMany({ orderBy: { createdAt: "asc" } })).map((block) => [
            `${formOf(block.organizationId)}: ${block.kind} ${block.value} (${block.reason})`,
            1,
          ]),
        ),
      ].join("\n"),
    );

    expect(outcomeCounts(signups)).toEqual({
      // Sequential 5 (the 6th blocks) + burst 40 (the 41st blocks) + spread 25: each a
      // number's first request, so each sends a code.
      "code sent": 70,
      // Only signups 0-99 get past the IP limit, and they are 100 different numbers: no
      // pending number is submitted again, so none is answered with the code already out
      // (and none sees a second code, so neither the per-number signup limit, 5 per hour,
      // nor the code limits, 30 s between sends and 5 per number per hour, is reached).
      [`no new code: repeat within ${SIGNUP_SMS_COOLDOWN_SECONDS} s`]: 0,
      "refused: country not allowed": 10, // rows 2-3: the form takes its default country, US, only
      "refused: invalid or not mobile": 10, // rows 4-5
      [`refused: resend cooldown (${RESEND_COOLDOWN_SECONDS} s)`]: 0,
      [`refused: ${MAX_SENDS_PER_HOUR} codes per number/hour`]: 0,
      "rate limited (per number)": 0,
      // Signups 100-199: each IP's 21st to 40th request is over 20 per 10 min.
      "rate limited (per IP)": 100,
      // Signups 200-799: each IP's 41st request is its 21st refusal in 10 min, which blocks
      // it for an hour (5 requests); the other 595 hit that block.
      "blocked: IP": 600,
      // Signup 5 (+14155550105) makes a run of 6 from 5 networks: the prefix is blocked (1)
      // and 106-109 refused (4). Burst number 41 in +16465 is over 40: blocked (1), 4 after.
      "blocked: number prefix": 10,
      // A number is blocked only by the enrollment path's rule (over 10 code requests an hour).
      "blocked: number": 0,
      "blocked: country": 0,
    });
    expect(outcomeCounts(codes)).toEqual({
      // +14155550110…0114: five codes, then 0115 makes a run of 6 from 5 networks.
      "code sent": 5,
      [`no new code: repeat within ${SIGNUP_SMS_COOLDOWN_SECONDS} s`]: 0, // signup forms only
      "refused: country not allowed": 0,
      "refused: invalid or not mobile": 0,
      // The 20 numbers come round every 20 requests (10 s), but from request 6 on the prefix
      // block answers first, so no number is sent a second code: the cooldown and the hourly
      // cap, checked after the blocks, are never reached.
      [`refused: resend cooldown (${RESEND_COOLDOWN_SECONDS} s)`]: 0,
      [`refused: ${MAX_SENDS_PER_HOUR} codes per number/hour`]: 0,
      "rate limited (per number)": 0,
      // The enrollment route's own limit (20 per IP per 10 min) refuses requests 100-199
      // before the number is looked at.
      "rate limited (per IP)": 100,
      "blocked: IP": 0, // this organization's IP blocks: none (the signup form's are its own)
      // The request that placed the block, and the other 94 of the first 100 (20 numbers in
      // the blocked prefix, cycled).
      "blocked: number prefix": 95,
      // Only requests 0-5 reach the per-number count (one each); over 10 an hour would block.
      "blocked: number": 0,
      "blocked: country": 0,
    });
  });

  it("sends exactly one code SMS per code sent, and no Reply YES text", async () => {
    const { organizationId } = signupForm;
    expect(await db.message.count({ where: { kind: "code" } })).toBe(70 + 5);
    expect(await db.message.count({ where: { kind: { not: "code" } } })).toBe(0);

    const sent = await db.message.findMany({
      where: { organizationId },
      select: { to: true, kind: true, body: true },
    });
    expect(sent).toHaveLength(70);
    expect(await db.subscriber.count({ where: { organizationId, status: "PENDING" } })).toBe(70);
    expect(await db.verificationCode.count({ where: { organizationId, purpose: "signup" } })).toBe(
      70,
    );
    const prefixes = new Map<string, number>();
    for (const { to, kind, body } of sent) {
      expect(kind).toBe("code");
      expect(body).toMatch(
        /^Acme Deals: your code to confirm texts is \d{3} \d{3} \(code 1 of today\)/,
      );
      expect(body).not.toMatch(/YES/);
      count(prefixes, to.slice(0, 6));
    }
    expect(new Set(sent.map(({ to }) => to)).size).toBe(70); // one code per number
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
      // Runs of 4, 5 and 6 (+14155550103, …104, …105). A signup's code row and its
      // signup.submitted event are the same number to the detectors, counted once.
      sequential_numbers: 3,
      // +16465 requests 16 to 41.
      prefix_burst: 26,
      // Requests that reached the detectors from an IP that already had 5 accepted numbers:
      // per IP, burst rows 10-13 and the 5 spread numbers (9), plus IP 0's burst number 41
      // (the one that blocked): 5 × 9 + 1.
      suspicious_ip_many_numbers: 46,
      // No "repeated_code_requests": no number reaches 5 codes in the hour.
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
      `${formOf(block.organizationId)}: ${block.kind} ${block.value} ${block.reason} at +${(block.createdAt.getTime() - START) / 1000} s`;
    expect(blocks.map(label).sort()).toEqual(
      [
        // Signup 5 and signup 70 (burst number 41, from IP 0); code request 5.
        "signup form: prefix +14155 sequential_numbers at +2.5 s",
        "signup form: prefix +16465 prefix_burst at +35 s",
        "enrollment form: prefix +14155 sequential_numbers at +402.5 s",
        // Signups 200-204.
        ...IPS.map((ip, k) => `signup form: ip ${ip} rate_limited at +${(200 + k) / 2} s`),
      ].sort(),
    );
    for (const block of blocks) {
      expect(block.expiresAt.getTime() - block.createdAt.getTime()).toBe(3600_000);
    }
  });
});
