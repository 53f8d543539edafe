// The growth charts' aggregates (lib/growth) on a real database: subscribers with known dates
// → exact counts per day and week, the confirmation rate, the median time to YES, opt-outs by
// source, failures by cause, each narrowed to an audience or a form, and never a row of
// another organization; then the CSV of each chart (scoping, formula-safe cells), and the
// real signup → YES path feeding today's counts.
import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { createAudience } from "@/lib/audiences/create-audience";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createForm } from "@/lib/forms/create-form";
import type { SubscriberStatus } from "@/lib/generated/prisma/enums";
import { exportGrowthCsv } from "@/lib/growth/export-growth-csv";
import { getGrowthReport } from "@/lib/growth/get-growth-report";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import {
  createPublishedFormFixture,
  createTestAccount,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

const NOW = new Date("2026-03-11T15:00:00Z");
const at = (iso: string) => new Date(`${iso}Z`);

interface Tenant {
  organizationId: string;
  audiences: { id: string; formId: string }[];
}

async function createTenant(label: string): Promise<Tenant> {
  const account = await createTestAccount(label);
  const organizationId = account.organization.id;
  const audiences = [];
  for (const name of ["One", "Two"]) {
    const audience = await createAudience({ organizationId, input: { name } });
    const form = await createForm({
      organizationId,
      input: {
        name: `${name} form`,
        audienceId: audience.id,
        programName: "Acme Deals",
        locale: "en",
        defaultCountry: "US",
      },
    });
    audiences.push({ id: audience.id, formId: form.id });
  }
  return { organizationId, audiences };
}

/** A subscriber with its marketing consent (or, for NOT_SUBSCRIBED, a 2FA one), dated as given. */
async function addSubscriber(
  tenant: Tenant,
  audience: 0 | 1,
  s: {
    status: SubscriberStatus;
    createdAt: string;
    confirmedAt?: string;
    unsubscribedAt?: string;
    source?: string;
    deleted?: boolean;
  },
) {
  const { id: audienceId, formId } = tenant.audiences[audience]!;
  await db.subscriber.create({
    data: {
      organizationId: tenant.organizationId,
      audienceId,
      formId,
      phone: `+1201555${String(randomInt(10_000)).padStart(4, "0")}`,
      country: "US",
      locale: "en",
      status: s.status,
      createdAt: at(s.createdAt),
      confirmedAt: s.confirmedAt ? at(s.confirmedAt) : null,
      unsubscribedAt: s.unsubscribedAt ? at(s.unsubscribedAt) : null,
      deletedAt: s.deleted ? at(s.createdAt) : null,
      consents: {
        create: {
          organizationId: tenant.organizationId,
          purpose: s.status === "NOT_SUBSCRIBED" ? "VERIFICATION" : "MARKETING",
          grantedAt: at(s.createdAt),
          confirmedAt: s.confirmedAt ? at(s.confirmedAt) : null,
          revokedAt: s.unsubscribedAt ? at(s.unsubscribedAt) : null,
          grantMethod: s.source ?? "form",
          revokeMethod: s.unsubscribedAt ? "keyword" : null,
        },
      },
    },
  });
}

async function addFailure(tenant: Tenant, audience: 0 | 1, type: string, errorCode?: number) {
  await db.riskEvent.create({
    data: {
      organizationId: tenant.organizationId,
      formId: tenant.audiences[audience]!.formId,
      type,
      errorCode: errorCode ?? null,
      detail: {},
      createdAt: at("2026-03-10T10:00:00"),
    },
  });
}

/** The rows of a CSV as arrays of cells (no quoted commas in these files). */
const csvRows = (csv: string) =>
  csv
    .trim()
    .split("\n")
    .map((line) => line.split(","));

describe("growth charts", () => {
  let acme: Tenant;
  let other: Tenant;

  beforeAll(async () => {
    acme = await createTenant("Growth");
    other = await createTenant("Elsewhere");
    // Audience one (form one).
    await addSubscriber(acme, 0, {
      status: "CONFIRMED",
      createdAt: "2026-03-05T10:00:00",
      confirmedAt: "2026-03-05T10:02:00", // 120 s
    });
    await addSubscriber(acme, 0, {
      status: "UNSUBSCRIBED",
      createdAt: "2026-03-05T11:00:00",
      confirmedAt: "2026-03-06T11:00:00", // 86,400 s
      unsubscribedAt: "2026-03-08T09:00:00",
    });
    await addSubscriber(acme, 0, { status: "PENDING", createdAt: "2026-03-07T09:00:00" });
    await addSubscriber(acme, 0, {
      status: "CONFIRMED",
      createdAt: "2026-03-09T09:00:00",
      confirmedAt: "2026-03-09T09:10:00", // 600 s
      source: "import",
    });
    // Deleted since: its signup still happened.
    await addSubscriber(acme, 0, {
      status: "PENDING",
      createdAt: "2026-03-11T08:00:00",
      deleted: true,
    });
    // Audience two (form two).
    await addSubscriber(acme, 1, {
      status: "UNSUBSCRIBED",
      createdAt: "2026-03-10T12:00:00",
      confirmedAt: "2026-03-10T12:05:00", // 300 s
      unsubscribedAt: "2026-03-11T08:00:00",
      source: "=HYPERLINK(1)", // a source nobody should ever see evaluated
    });
    // Signed up before the range, confirmed in it: a confirmation, not a signup.
    await addSubscriber(acme, 1, {
      status: "CONFIRMED",
      createdAt: "2026-02-01T09:00:00",
      confirmedAt: "2026-03-05T09:00:00",
    });
    // 2FA only: never a marketing signup.
    await addSubscriber(acme, 1, { status: "NOT_SUBSCRIBED", createdAt: "2026-03-06T09:00:00" });
    await addFailure(acme, 0, "delivery_failed", 30007);
    await addFailure(acme, 1, "invalid_number");

    // Another organization, busy on the same days: none of it may be counted for acme.
    for (const audience of [0, 1] as const) {
      await addSubscriber(other, audience, {
        status: "UNSUBSCRIBED",
        createdAt: "2026-03-05T10:00:00",
        confirmedAt: "2026-03-05T10:01:00",
        unsubscribedAt: "2026-03-06T10:00:00",
      });
      await addFailure(other, audience, "delivery_failed", 30007);
    }
  });

  it("counts signups, confirmations, opt-outs and net growth per day", async () => {
    const report = await getGrowthReport(
      { organizationId: acme.organizationId },
      { range: "7d", interval: "day" },
      NOW,
    );
    expect(report.points).toEqual([
      { period: "2026-03-05", signups: 2, confirmations: 2, optOuts: 0, net: 2 },
      { period: "2026-03-06", signups: 0, confirmations: 1, optOuts: 0, net: 1 },
      { period: "2026-03-07", signups: 1, confirmations: 0, optOuts: 0, net: 0 },
      { period: "2026-03-08", signups: 0, confirmations: 0, optOuts: 1, net: -1 },
      { period: "2026-03-09", signups: 1, confirmations: 1, optOuts: 0, net: 1 },
      { period: "2026-03-10", signups: 1, confirmations: 1, optOuts: 0, net: 1 },
      { period: "2026-03-11", signups: 1, confirmations: 0, optOuts: 1, net: -1 },
    ]);
    expect(report.totals).toEqual({ signups: 6, confirmations: 5, optOuts: 2, net: 3 });
    // 4 of the 6 who signed up in the range confirmed.
    expect(report.confirmationRate).toBeCloseTo(4 / 6, 10);
    // 120, 300, 600, 86,400 and 32 days: the middle one.
    expect(report.medianSecondsToConfirm).toBe(600);
    expect(report.sources).toEqual([
      {
        source: "form",
        label: "Signup form (YES reply)",
        signups: 4,
        optOuts: 1,
        optOutRate: 0.25,
      },
      { source: "=HYPERLINK(1)", label: "=HYPERLINK(1)", signups: 1, optOuts: 1, optOutRate: 1 },
      { source: "import", label: "CSV import", signups: 1, optOuts: 0, optOutRate: 0 },
    ]);
    expect(report.failures.map((f) => f.count).sort()).toEqual([1, 1]);
  });

  it("counts per week, weeks starting on Monday", async () => {
    const report = await getGrowthReport(
      { organizationId: acme.organizationId },
      { range: "7d", interval: "week" },
      NOW,
    );
    expect(report.points).toEqual([
      { period: "2026-03-02", signups: 3, confirmations: 3, optOuts: 1, net: 2 },
      { period: "2026-03-09", signups: 3, confirmations: 2, optOuts: 1, net: 1 },
    ]);
  });

  it("narrows every figure to an audience or a form", async () => {
    const audienceTwo = await getGrowthReport(
      { organizationId: acme.organizationId, audienceId: acme.audiences[1]!.id },
      { range: "7d", interval: "day" },
      NOW,
    );
    expect(audienceTwo.totals).toEqual({ signups: 1, confirmations: 2, optOuts: 1, net: 1 });
    expect(audienceTwo.confirmationRate).toBe(1);
    expect(audienceTwo.sources.map((s) => [s.source, s.signups, s.optOuts])).toEqual([
      ["=HYPERLINK(1)", 1, 1],
    ]);
    expect(audienceTwo.failures).toEqual([{ label: "Invalid number", count: 1 }]);

    const formOne = await getGrowthReport(
      { organizationId: acme.organizationId, formId: acme.audiences[0]!.formId },
      { range: "7d", interval: "day" },
      NOW,
    );
    expect(formOne.totals).toEqual({ signups: 5, confirmations: 3, optOuts: 1, net: 2 });
    expect(formOne.confirmationRate).toBeCloseTo(3 / 5, 10);
    expect(formOne.medianSecondsToConfirm).toBe(600);
    expect(formOne.failures).toHaveLength(1);
    expect(formOne.failures[0]!.count).toBe(1);
  });

  it("never counts another organization's rows, even when asked for its audience", async () => {
    const foreign = await getGrowthReport(
      { organizationId: acme.organizationId, audienceId: other.audiences[0]!.id },
      { range: "7d", interval: "day" },
      NOW,
    );
    expect(foreign.totals).toEqual({ signups: 0, confirmations: 0, optOuts: 0, net: 0 });
    expect(foreign.sources).toEqual([]);
    expect(foreign.failures).toEqual([]);

    const others = await getGrowthReport(
      { organizationId: other.organizationId },
      { range: "7d", interval: "day" },
      NOW,
    );
    expect(others.totals).toEqual({ signups: 2, confirmations: 2, optOuts: 2, net: 0 });
  });

  it("writes each chart's data as CSV, formula-safe", async () => {
    const growth = await exportGrowthCsv({
      organizationId: acme.organizationId,
      searchParams: new URLSearchParams("chart=growth&range=7d&interval=day"),
      now: NOW,
    });
    expect(growth.filename).toBe("optline-growth-all-7d-by-day-2026-03-11.csv");
    const rows = csvRows(growth.csv);
    expect(rows[0]).toEqual(["day", "signups", "confirmations", "opt_outs", "net_growth"]);
    expect(rows[1]).toEqual(["2026-03-05", "2", "2", "0", "2"]);
    expect(rows[4]).toEqual(["2026-03-08", "0", "0", "1", "-1"]);
    expect(rows).toHaveLength(8);

    const sources = await exportGrowthCsv({
      organizationId: acme.organizationId,
      searchParams: new URLSearchParams(
        `chart=sources&range=7d&interval=day&audienceId=${acme.audiences[1]!.id}`,
      ),
      now: NOW,
    });
    expect(csvRows(sources.csv)).toEqual([
      ["source", "signups", "opt_outs", "opt_out_rate"],
      ["'=HYPERLINK(1)", "1", "1", "1.0000"],
    ]);

    const failures = await exportGrowthCsv({
      organizationId: acme.organizationId,
      searchParams: new URLSearchParams(
        `chart=failures&range=30d&interval=week&formId=${acme.audiences[1]!.formId}`,
      ),
      now: NOW,
    });
    expect(csvRows(failures.csv)).toEqual([
      ["cause", "count"],
      ["Invalid number", "1"],
    ]);
  });

  it("refuses another organization's audience or form and unknown choices", async () => {
    const attempt = (query: string) =>
      exportGrowthCsv({
        organizationId: acme.organizationId,
        searchParams: new URLSearchParams(query),
        now: NOW,
      }).then(
        () => null,
        (error: unknown) => (error instanceof AppError ? error.code : error),
      );
    expect(await attempt(`chart=growth&audienceId=${other.audiences[0]!.id}`)).toBe("NOT_FOUND");
    expect(await attempt(`chart=growth&formId=${other.audiences[0]!.formId}`)).toBe("NOT_FOUND");
    expect(await attempt("chart=everything")).toBe("VALIDATION_FAILED");
    expect(await attempt("chart=growth&range=9999d")).toBe("VALIDATION_FAILED");
    expect(await attempt("chart=growth&interval=hour")).toBe("VALIDATION_FAILED");
  });

  it("counts a real signup and its YES today", async () => {
    const fixture = await createPublishedFormFixture({ label: "Live" });
    const response = await signupRoute(
      signupRequest(fixture.form.slug, {
        phone: "(201) 555-0188",
        country: "US",
        marketingConsent: true,
      }),
      { params: Promise.resolve({ formId: fixture.form.slug }) },
    );
    expect(response.status).toBe(202);
    await outboxIdle();
    const reply = await smsWebhook(
      signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams("+12015550188", "YES")),
    );
    expect(reply.status).toBe(200);

    const report = await getGrowthReport(
      { organizationId: fixture.organizationId, formId: fixture.form.id },
      { range: "7d", interval: "day" },
    );
    expect(report.points.at(-1)).toMatchObject({ signups: 1, confirmations: 1, optOuts: 0 });
    expect(report.confirmationRate).toBe(1);
    expect(report.medianSecondsToConfirm).toBeGreaterThanOrEqual(0);
    expect(report.sources.map((s) => [s.source, s.signups])).toEqual([["form", 1]]);
  });
});
