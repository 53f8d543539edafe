// The growth charts read per-day counts kept by triggers (20261224110000_growth_rollup). They
// must give exactly what the direct queries over the subscribers and consents give, on the
// same data, whatever happened to it: signups just before and after midnight UTC, confirmations
// and opt-outs on another day than the signup, a person who opted out and came back (their
// old opt-out no longer counts), a move to another form, consents revoked and re-granted by
// another method, a bulk import, rows deleted. Compared before and after the changes are
// folded, for the organization, each audience and each form, per day and per week. The median
// time to YES too, from counts per delay bucket (20261224120000_growth_confirm_delay), including
// for the confirmations already there when that migration runs.
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createAudience } from "@/lib/audiences/create-audience";
import { userActor } from "@/lib/consent-events/actor";
import { db, getConnection } from "@/lib/db/client";
import { createForm } from "@/lib/forms/create-form";
import type { Prisma } from "@/lib/generated/prisma/client";
import { foldGrowthChanges } from "@/lib/growth/fold-growth-changes";
import {
  confirmationCohortSql,
  confirmationSummaryDirectSql,
  growthSeriesDirectSql,
  growthSeriesSql,
  medianTimeToConfirmSql,
  optOutsBySourceDirectSql,
  optOutsBySourceSql,
  type GrowthScope,
} from "@/lib/growth/get-growth-report";
import { growthRange, type GrowthRangeInput } from "@/lib/growth/growth-range";
import { importSubscribers } from "@/lib/subscribers/import-subscribers";
import { createTestAccount } from "../support/factories";

const NOW = new Date("2026-03-11T15:00:00Z");
const at = (iso: string) => new Date(`${iso}Z`);

let organizationId: string;
let otherOrganizationId: string;
const audiences: { id: string; formIds: string[] }[] = [];

async function setUp(label: string) {
  const account = await createTestAccount(label);
  const organizationId = account.organization.id;
  const created: { id: string; formIds: string[] }[] = [];
  for (const name of ["One", "Two"]) {
    const audience = await createAudience({ organizationId, input: { name } });
    const formIds = [];
    for (const formName of ["A", "B"]) {
      const form = await createForm({
        organizationId,
        input: {
          name: `${name} ${formName}`,
          audienceId: audience.id,
          programName: "Acme Deals",
          defaultCountry: "US",
        },
      });
      formIds.push(form.id);
    }
    created.push({ id: audience.id, formIds });
  }
  return { account, organizationId, audiences: created };
}

let phoneSeq = 0;
async function add(
  org: string,
  audienceId: string,
  formId: string | null,
  s: {
    status: "PENDING" | "CONFIRMED" | "UNSUBSCRIBED" | "NOT_SUBSCRIBED";
    createdAt: string;
    confirmedAt?: string;
    unsubscribedAt?: string;
    source?: string | null;
  },
) {
  phoneSeq++;
  return db.subscriber.create({
    data: {
      organizationId: org,
      audienceId,
      formId,
      phone: `+1202555${String(phoneSeq).padStart(4, "0")}`,
      country: "US",
      locale: "en",
      status: s.status,
      createdAt: at(s.createdAt),
      confirmedAt: s.confirmedAt ? at(s.confirmedAt) : null,
      unsubscribedAt: s.unsubscribedAt ? at(s.unsubscribedAt) : null,
      consents: {
        create: {
          organizationId: org,
          purpose: s.status === "NOT_SUBSCRIBED" ? "VERIFICATION" : "MARKETING",
          grantedAt: at(s.createdAt),
          confirmedAt: s.confirmedAt ? at(s.confirmedAt) : null,
          revokedAt: s.unsubscribedAt ? at(s.unsubscribedAt) : null,
          grantMethod: s.source === undefined ? "form" : s.source,
        },
      },
    },
  });
}

const RANGES: GrowthRangeInput[] = [
  { range: "7d", interval: "day" },
  { range: "30d", interval: "day" },
  { range: "90d", interval: "week" },
  { range: "365d", interval: "week" },
];

function scopes(): GrowthScope[] {
  return [
    { organizationId },
    ...audiences.flatMap((audience) => [
      { organizationId, audienceId: audience.id },
      ...audience.formIds.map((formId) => ({ organizationId, formId })),
    ]),
    { organizationId: otherOrganizationId },
  ];
}

const sortRows = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();

async function both(direct: Prisma.Sql, rollup: Prisma.Sql) {
  return {
    direct: sortRows(await db.$queryRaw<unknown[]>(direct)),
    rollup: sortRows(await db.$queryRaw<unknown[]>(rollup)),
  };
}

async function rollupMedian(scope: GrowthScope, range: ReturnType<typeof growthRange>) {
  const [row] = await db.$queryRaw<{ medianSeconds: number | null }[]>(
    medianTimeToConfirmSql(scope, range),
  );
  return row!.medianSeconds;
}

/** Every chart figure of every scope and range, from the counts and directly: equal. */
async function expectSameFigures() {
  let compared = 0;
  for (const scope of scopes()) {
    for (const input of RANGES) {
      const range = growthRange(input, NOW);
      const label = `${JSON.stringify(scope)} ${input.range}/${input.interval}`;
      const series = await both(growthSeriesDirectSql(scope, range), growthSeriesSql(scope, range));
      expect(series.rollup, `series ${label}`).toEqual(series.direct);
      // Not two empty answers: the organization's year holds every kind (its fixed rows do; the
      // other organization's few random ones may hold no opt-out in the range).
      const isOrganization =
        scope.organizationId === organizationId && !scope.audienceId && !scope.formId;
      if (isOrganization && input.range === "365d")
        expect(
          new Set(series.direct.map((row) => (JSON.parse(row) as { kind: string }).kind)).size,
        ).toBe(3);
      const [summary] = await db.$queryRaw<
        { signups: number; confirmed: number; medianSeconds: number | null }[]
      >(confirmationSummaryDirectSql(scope, range));
      const [cohort] = await db.$queryRaw<{ signups: number; confirmed: number }[]>(
        confirmationCohortSql(scope, range),
      );
      expect(cohort, `cohort ${label}`).toEqual({
        signups: summary!.signups,
        confirmed: summary!.confirmed,
      });
      // To the last bit of percentile_cont's answer.
      expect(await rollupMedian(scope, range), `median ${label}`).toBe(summary!.medianSeconds);
      // In order: the table lists sources as the query orders them.
      const direct = await db.$queryRaw<unknown[]>(optOutsBySourceDirectSql(scope, range));
      const rollup = await db.$queryRaw<unknown[]>(optOutsBySourceSql(scope, range));
      expect(rollup, `sources ${label}`).toEqual(direct);
      compared++;
    }
  }
  return compared;
}

beforeAll(async () => {
  const mine = await setUp("Rollup");
  organizationId = mine.organizationId;
  audiences.push(...mine.audiences);
  otherOrganizationId = (await setUp("RollupOther")).organizationId;
});

describe("growth counts kept by triggers", () => {
  it("match the direct queries on varied data, across midnight UTC", async () => {
    const [one, two] = audiences as [(typeof audiences)[0], (typeof audiences)[0]];
    // Either side of midnight UTC: different days (and, on Sunday/Monday, different weeks).
    await add(organizationId, one.id, one.formIds[0]!, {
      status: "CONFIRMED",
      createdAt: "2026-03-08T23:59:59.999",
      confirmedAt: "2026-03-09T00:00:00.000",
    });
    await add(organizationId, one.id, one.formIds[0]!, {
      status: "UNSUBSCRIBED",
      createdAt: "2026-03-09T00:00:00.000",
      confirmedAt: "2026-03-09T00:01:00",
      unsubscribedAt: "2026-03-10T23:59:59.999",
      source: "keyword",
    });
    await add(organizationId, one.id, one.formIds[1]!, {
      status: "PENDING",
      createdAt: "2026-03-11T00:00:00.001",
    });
    await add(organizationId, two.id, two.formIds[0]!, {
      status: "NOT_SUBSCRIBED",
      createdAt: "2026-03-10T12:00:00",
    });
    await add(organizationId, two.id, null, {
      status: "CONFIRMED",
      createdAt: "2025-12-31T23:30:00",
      confirmedAt: "2026-01-01T00:30:00",
      source: null,
    });
    // Random ones over the last year, in both organizations.
    for (let i = 0; i < 60; i++) {
      const org = i % 5 === 0 ? otherOrganizationId : organizationId;
      const audience = audiences[i % 2]!;
      const created = new Date(NOW.getTime() - randomInt(400 * 86_400) * 1000);
      const kind = randomInt(4);
      const plus = (seconds: number) =>
        new Date(created.getTime() + seconds * 1000).toISOString().slice(0, -1);
      await add(
        org,
        org === organizationId ? audience.id : (await firstAudience(org)).id,
        org === organizationId ? audience.formIds[i % 2]! : null,
        {
          status: (["PENDING", "CONFIRMED", "UNSUBSCRIBED", "NOT_SUBSCRIBED"] as const)[kind]!,
          createdAt: created.toISOString().slice(0, -1),
          confirmedAt: kind === 1 || kind === 2 ? plus(randomInt(1, 3 * 86_400)) : undefined,
          unsubscribedAt: kind === 2 ? plus(4 * 86_400 + randomInt(30 * 86_400)) : undefined,
          source: ["form", "code", "import", "api", "staff"][i % 5],
        },
      );
    }
    expect(await expectSameFigures()).toBe(scopes().length * RANGES.length);
    await foldGrowthChanges({ organizationId });
    await expectSameFigures();
  });

  it("stay equal as subscribers and consents change, one by one and in bulk", async () => {
    const [one, two] = audiences as [(typeof audiences)[0], (typeof audiences)[0]];
    const person = await add(organizationId, one.id, one.formIds[0]!, {
      status: "UNSUBSCRIBED",
      createdAt: "2026-03-01T10:00:00",
      confirmedAt: "2026-03-01T10:05:00",
      unsubscribedAt: "2026-03-04T10:00:00",
      source: "form",
    });
    await foldGrowthChanges({ organizationId });
    // They come back through the other form by keyword: the old opt-out no longer counts, the
    // confirmation moves to today, the consent moves to the new form and method.
    await db.$transaction(async (tx) => {
      await tx.subscriber.update({
        where: { id: person.id },
        data: {
          status: "CONFIRMED",
          unsubscribedAt: null,
          confirmedAt: at("2026-03-11T09:00:00"),
          formId: one.formIds[1]!,
        },
      });
      await tx.consent.updateMany({
        where: { subscriberId: person.id, purpose: "MARKETING" },
        data: { revokedAt: null, grantedAt: at("2026-03-11T08:59:00"), grantMethod: "keyword" },
      });
    });
    await expectSameFigures();
    // The consent first, then the subscriber: the same figures either way round.
    const again = await add(organizationId, two.id, two.formIds[0]!, {
      status: "CONFIRMED",
      createdAt: "2026-03-02T10:00:00",
      confirmedAt: "2026-03-02T10:01:00",
    });
    await db.consent.updateMany({
      where: { subscriberId: again.id, purpose: "MARKETING" },
      data: { revokedAt: at("2026-03-10T10:00:00"), revokeMethod: "keyword" },
    });
    await db.subscriber.update({
      where: { id: again.id },
      data: { status: "UNSUBSCRIBED", unsubscribedAt: at("2026-03-10T10:00:00"), formId: null },
    });
    // A bulk change of many rows in one statement (staff tooling, a data fix).
    await db.subscriber.updateMany({
      where: { organizationId, status: "PENDING" },
      data: { status: "NOT_SUBSCRIBED" },
    });
    await expectSameFigures();
    // Rows removed (consent first: the subscriber's key restricts it).
    const gone = await add(organizationId, one.id, one.formIds[0]!, {
      status: "CONFIRMED",
      createdAt: "2026-03-03T10:00:00",
      confirmedAt: "2026-03-03T10:00:30",
    });
    await foldGrowthChanges({ organizationId });
    await db.consent.deleteMany({ where: { subscriberId: gone.id } });
    await db.subscriber.delete({ where: { id: gone.id } });
    await expectSameFigures();
    await foldGrowthChanges({ organizationId });
    await expectSameFigures();
  });

  it("count a CSV import (one statement per batch) like the rows it wrote", async () => {
    const [one] = audiences as [(typeof audiences)[0]];
    const account = await db.membership.findFirstOrThrow({
      where: { organizationId },
      include: { user: true },
    });
    const lines = ["phone,consented_at,evidence"];
    for (let i = 0; i < 30; i++)
      lines.push(
        `+1203555${String(i).padStart(4, "0")},2026-0${1 + (i % 3)}-1${i % 10}T23:59:59Z,Form ${i}`,
      );
    await importSubscribers({
      organizationId,
      audienceId: one.id,
      csv: lines.join("\n"),
      defaultCountry: "US",
      actor: userActor(account.user),
    });
    await expectSameFigures();
    await foldGrowthChanges({ organizationId });
    await expectSameFigures();
    expect(await db.growthChange.count({ where: { organizationId } })).toBe(0);
  });
});

describe("the median time to YES from counts per delay bucket", () => {
  let medianOrganizationId: string;

  it("is percentile_cont's over the bucketed delays, through odd and even counts and changes", async () => {
    // Whole seconds under a minute, whole minutes under a day, whole hours beyond; a negative
    // delay (an import's consent predates its row) truncated toward zero.
    const buckets = await db.$queryRaw<{ seconds: number }[]>`
      SELECT growth_confirm_delay_bucket(t.x)::int AS seconds
        FROM unnest('{0, 12.4, 59.999, 60, 61.5, 3599.5, 86399.999, 86400, 93599, -0.5, -59.999, -61, -93599}'::numeric[])
             WITH ORDINALITY AS t(x, i)
       ORDER BY t.i`;
    expect(buckets.map((row) => row.seconds)).toEqual([
      0, 12, 59, 60, 60, 3540, 86340, 86400, 90000, 0, -59, -60, -90000,
    ]);

    const mine = await setUp("RollupMedian");
    const org = (medianOrganizationId = mine.organizationId);
    const [audience] = mine.audiences as [(typeof mine.audiences)[0]];
    const formId = audience.formIds[0]!;
    const confirmed = (createdAt: string, seconds: number) =>
      add(org, audience.id, formId, {
        status: "CONFIRMED",
        createdAt,
        confirmedAt: new Date(at(createdAt).getTime() + seconds * 1000).toISOString().slice(0, -1),
      });
    const expectMedian = async (expected: number | null) => {
      for (const fold of [false, true]) {
        if (fold) await foldGrowthChanges({ organizationId: org });
        for (const scope of [
          { organizationId: org },
          { organizationId: org, audienceId: audience.id },
          { organizationId: org, formId },
        ])
          for (const input of RANGES) {
            const range = growthRange(input, NOW);
            const [direct] = await db.$queryRaw<{ medianSeconds: number | null }[]>(
              confirmationSummaryDirectSql(scope, range),
            );
            const label = `${JSON.stringify(scope)} ${input.range} folded: ${fold}`;
            expect(direct!.medianSeconds, `direct ${label}`).toBe(expected);
            expect(await rollupMedian(scope, range), `rollup ${label}`).toBe(expected);
          }
      }
    };

    await expectMedian(null);
    await confirmed("2026-03-09T10:00:00", 12.4); // 12
    await confirmed("2026-03-09T11:00:00", 59.9); // 59
    const comesBack = await confirmed("2026-03-09T12:00:00", 61); // 60
    const deleted = await confirmed("2026-03-09T13:00:00", 450.5); // 420
    await confirmed("2026-03-08T09:00:00", 26.5 * 3600); // 93,600: 26 h
    // Odd: the middle one.
    await expectMedian(60);
    // Even: halfway between the two middle ones (the exact delays' median would be 60.45).
    await confirmed("2026-03-10T09:00:00", 30); // 30
    await expectMedian(59.5);
    // Opting out keeps the confirmation; coming back replaces it, two days after the signup.
    await db.subscriber.update({
      where: { id: comesBack.id },
      data: { status: "UNSUBSCRIBED", unsubscribedAt: at("2026-03-10T10:00:00") },
    });
    await expectMedian(59.5);
    await db.subscriber.update({
      where: { id: comesBack.id },
      data: { status: "CONFIRMED", unsubscribedAt: null, confirmedAt: at("2026-03-11T12:00:00") },
    });
    // 12, 30, 59, 420, 93,600, 172,800
    await expectMedian(239.5);
    await db.consent.deleteMany({ where: { subscriberId: deleted.id } });
    await db.subscriber.delete({ where: { id: deleted.id } });
    // 12, 30, 59, 93,600, 172,800
    await expectMedian(59);
    // Imported: signed up (the row written) today, consented on 10 March.
    const account = await db.membership.findFirstOrThrow({
      where: { organizationId: org },
      include: { user: true },
    });
    await importSubscribers({
      organizationId: org,
      audienceId: audience.id,
      csv: "phone,consented_at,evidence\n+12035550042,2026-03-10T08:00:00Z,Paper form",
      defaultCountry: "US",
      actor: userActor(account.user),
    });
    // Imported without a form: moved into the others' so that every scope has the same median.
    await db.subscriber.updateMany({ where: { organizationId: org }, data: { formId } });
    // A negative delay, 12, 30, 59, 93,600, 172,800
    await expectMedian(44.5);
  });

  it("counts the confirmations already there when its migration runs", async () => {
    // The state before 20261224120000_growth_confirm_delay: no counts of this kind.
    await db.$executeRaw`DELETE FROM "GrowthCount" WHERE "kind" = 'confirm_delay'`;
    await db.$executeRaw`DELETE FROM "GrowthChange" WHERE "kind" = 'confirm_delay'`;
    const year = growthRange({ range: "365d", interval: "week" }, NOW);
    expect(await rollupMedian({ organizationId }, year)).toBeNull();
    const migration = readFileSync(
      "prisma/migrations/20261224120000_growth_confirm_delay/migration.sql",
      "utf8",
    );
    await getConnection().raw.exec(`BEGIN;\n${migration}\nCOMMIT;`);
    await expectSameFigures();
    expect(await rollupMedian({ organizationId: medianOrganizationId }, year)).toBe(44.5);
    // The replaced trigger function keeps counting what comes after.
    const [audience] = audiences as [(typeof audiences)[0]];
    await add(organizationId, audience.id, audience.formIds[1]!, {
      status: "CONFIRMED",
      createdAt: "2026-03-10T10:00:00",
      confirmedAt: "2026-03-10T10:00:07",
    });
    await expectSameFigures();
  });
});

async function firstAudience(org: string) {
  return db.audience.findFirstOrThrow({ where: { organizationId: org } });
}
