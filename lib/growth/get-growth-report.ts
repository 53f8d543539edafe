// The growth charts of the overview, an audience or a form: per day or week of a range, the
// subscribers who signed up, confirmed and opted out, and the net growth (confirmations minus
// opt-outs); the confirmation rate and the median time from signup to YES; opt-outs by the
// source of the marketing consent; failures by cause (the Failures page's report).
//
// Counted from each subscriber's own dates (createdAt, confirmedAt, unsubscribedAt) and its
// marketing consent (grantedAt, grantMethod, revokedAt): the current state, so a person who
// opted out and came back counts once, at their latest dates; the consent events keep every
// step. Deleted subscribers still count: deleting one later does not change what happened.
//
// The report reads per-day counts (GrowthCount and the changes not yet folded into it, kept
// exact by triggers: 20261224110000_growth_rollup, 20261224120000_growth_confirm_delay): a row
// per day, form, kind and source, however many subscribers share it. The direct queries over
// the subscribers (…DirectSql below, range scans of the indexes of
// 20261216070000_growth_chart_indexes) define what those counts mean: tests compare the two on
// the same data.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { getFailureReport } from "@/lib/risk/get-failure-report";
import { foldGrowthChanges } from "./fold-growth-changes";
import { growthRange, type GrowthRangeInput } from "./growth-range";

/** Whose growth: the organization's, one audience's or one form's. */
export interface GrowthScope {
  organizationId: string;
  audienceId?: string;
  formId?: string;
}

export interface GrowthPoint {
  /** The bucket's first day, YYYY-MM-DD (UTC). */
  period: string;
  signups: number;
  confirmations: number;
  optOuts: number;
  net: number;
}

export interface GrowthSource {
  source: string;
  label: string;
  signups: number;
  optOuts: number;
  /** optOuts / signups, 0..1; null without signups. */
  optOutRate: number | null;
}

export interface GrowthReport {
  range: ReturnType<typeof growthRange>;
  points: GrowthPoint[];
  totals: Omit<GrowthPoint, "period">;
  /** Of the subscribers who signed up in the range, the share who confirmed; null without signups. */
  confirmationRate: number | null;
  /**
   * Median seconds from signup to confirmation, over the confirmations in the range, of the
   * delays truncated to whole seconds under a minute, minutes under a day, hours beyond.
   */
  medianSecondsToConfirm: number | null;
  sources: GrowthSource[];
  failures: { label: string; count: number }[];
}

/** Consent.grantMethod of a marketing consent, in words. */
const SOURCE_LABELS: Record<string, string> = {
  form: "Signup form (YES reply)",
  code: "Signup form (code)",
  keyword: "Keyword (START)",
  import: "CSV import",
  staff: "Added by staff",
  api: "API",
};

export function describeSource(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}

function scopeSql(scope: GrowthScope): Prisma.Sql {
  if (scope.formId) return Prisma.sql`AND s."formId" = ${scope.formId}`;
  if (scope.audienceId) return Prisma.sql`AND s."audienceId" = ${scope.audienceId}`;
  return Prisma.empty;
}

export type Range = ReturnType<typeof growthRange>;

/** Signups, confirmations and opt-outs per bucket: three index range scans. */
export function growthSeriesDirectSql(scope: GrowthScope, range: Range): Prisma.Sql {
  const { organizationId } = scope;
  const { from, end } = range;
  // Grouped by the bucket's timestamp; formatted once per bucket, not once per row.
  const bucket = (column: string) =>
    Prisma.sql`date_trunc(${range.interval}, s.${Prisma.raw(`"${column}"`)} AT TIME ZONE 'UTC')`;
  const scoped = scopeSql(scope);
  return Prisma.sql`
    SELECT counted.kind, to_char(counted.bucket, 'YYYY-MM-DD') AS period, counted.count
      FROM (SELECT 'signups' AS kind, ${bucket("createdAt")} AS bucket, count(*)::int AS count
              FROM "Subscriber" s
             WHERE s."organizationId" = ${organizationId} AND s."status" <> 'NOT_SUBSCRIBED'
               AND s."createdAt" >= ${from} AND s."createdAt" < ${end} ${scoped}
             GROUP BY 2
            UNION ALL
            SELECT 'confirmations', ${bucket("confirmedAt")}, count(*)::int
              FROM "Subscriber" s
             WHERE s."organizationId" = ${organizationId}
               AND s."confirmedAt" >= ${from} AND s."confirmedAt" < ${end} ${scoped}
             GROUP BY 2
            UNION ALL
            SELECT 'optOuts', ${bucket("unsubscribedAt")}, count(*)::int
              FROM "Subscriber" s
             WHERE s."organizationId" = ${organizationId}
               AND s."unsubscribedAt" >= ${from} AND s."unsubscribedAt" < ${end} ${scoped}
             GROUP BY 2) counted`;
}

/**
 * The confirmation rate of the range's signups and the median time to confirm. The median is
 * of the delays as the per-day counts keep them (growth_confirm_delay_bucket): whole seconds
 * under a minute, whole minutes under a day, whole hours beyond, truncated toward zero. So it
 * is less than a second, a minute or an hour (the unit of the middle delays) from the exact
 * median, below it for positive delays: the precision the dashboard shows it at.
 */
export function confirmationSummaryDirectSql(scope: GrowthScope, range: Range): Prisma.Sql {
  const { organizationId } = scope;
  const { from, end } = range;
  const scoped = scopeSql(scope);
  return Prisma.sql`
    SELECT cohort.signups, cohort.confirmed, median."medianSeconds"
      FROM (SELECT count(*)::int AS signups, count(s."confirmedAt")::int AS confirmed
              FROM "Subscriber" s
             WHERE s."organizationId" = ${organizationId} AND s."status" <> 'NOT_SUBSCRIBED'
               AND s."createdAt" >= ${from} AND s."createdAt" < ${end} ${scoped}) cohort,
           (SELECT (percentile_cont(0.5) WITHIN GROUP (
                     ORDER BY growth_confirm_delay_bucket(
                       extract(epoch FROM s."confirmedAt" - s."createdAt"))::float8))::float8 AS "medianSeconds"
              FROM "Subscriber" s
             WHERE s."organizationId" = ${organizationId}
               AND s."confirmedAt" >= ${from} AND s."confirmedAt" < ${end} ${scoped}) median`;
}

/** Marketing consents granted in the range, by source, and how many of them were revoked since. */
export function optOutsBySourceDirectSql(scope: GrowthScope, range: Range): Prisma.Sql {
  const { organizationId } = scope;
  const { from, end } = range;
  // The subscriber row is read only to narrow to an audience or a form, one primary-key
  // lookup per consent of the range: LIMIT keeps the planner from turning the lookup into a
  // hash join over all of the audience's subscribers.
  const join =
    scope.formId || scope.audienceId
      ? Prisma.sql`CROSS JOIN LATERAL (SELECT 1 FROM "Subscriber" s
                                        WHERE s."id" = c."subscriberId" ${scopeSql(scope)} LIMIT 1) s`
      : Prisma.empty;
  return Prisma.sql`
    SELECT c."grantMethod" AS source, count(*)::int AS signups, count(c."revokedAt")::int AS "optOuts"
      FROM "Consent" c ${join}
     WHERE c."organizationId" = ${organizationId} AND c."purpose" = 'MARKETING'
       AND c."grantedAt" >= ${from} AND c."grantedAt" < ${end}
     GROUP BY 1
     ORDER BY 2 DESC, 1`;
}

// --- From the per-day counts ------------------------------------------------------------

/** The scope's counts of some kinds over the range's days: GrowthCount plus unfolded changes. */
function countsSql(scope: GrowthScope, range: Range, kinds: string[]): Prisma.Sql {
  const { organizationId } = scope;
  const scoped = scope.formId
    ? Prisma.sql`AND "formId" = ${scope.formId}`
    : scope.audienceId
      ? Prisma.sql`AND "audienceId" = ${scope.audienceId}`
      : Prisma.empty;
  // Days as dates: the range's bounds are whole UTC days.
  const from = range.from.toISOString().slice(0, 10);
  const end = range.end.toISOString().slice(0, 10);
  const where = Prisma.sql`"organizationId" = ${organizationId} AND "day" >= ${from}::date
    AND "day" < ${end}::date AND "kind" IN (${Prisma.join(kinds)}) ${scoped}`;
  return Prisma.sql`
    SELECT "day", "kind", "source", "count" FROM "GrowthCount" WHERE ${where}
    UNION ALL
    SELECT "day", "kind", "source", "delta" FROM "GrowthChange" WHERE ${where}`;
}

const SERIES_KINDS: Record<string, string> = {
  signup: "signups",
  confirmation: "confirmations",
  opt_out: "optOuts",
};

/** Signups, confirmations and opt-outs per bucket, as growthSeriesDirectSql counts them. */
export function growthSeriesSql(scope: GrowthScope, range: Range): Prisma.Sql {
  return Prisma.sql`
    SELECT CASE c."kind" WHEN 'signup' THEN 'signups' WHEN 'confirmation' THEN 'confirmations'
                ELSE 'optOuts' END AS kind,
           to_char(date_trunc(${range.interval}, c."day"), 'YYYY-MM-DD') AS period,
           sum(c."count")::int AS count
      FROM (${countsSql(scope, range, Object.keys(SERIES_KINDS))}) c
     GROUP BY 1, 2
    HAVING sum(c."count") <> 0`;
}

/** The range's signups and how many of them confirmed (the confirmation rate's cohort). */
export function confirmationCohortSql(scope: GrowthScope, range: Range): Prisma.Sql {
  return Prisma.sql`
    SELECT coalesce(sum(c."count") FILTER (WHERE c."kind" = 'signup'), 0)::int AS signups,
           coalesce(sum(c."count") FILTER (WHERE c."kind" = 'confirmed_signup'), 0)::int AS confirmed
      FROM (${countsSql(scope, range, ["signup", "confirmed_signup"])}) c`;
}

/**
 * The median time to confirm of the range's confirmations, from their counts per delay bucket
 * (kind confirm_delay), as percentile_cont(0.5) gives it over the bucketed delays
 * (confirmationSummaryDirectSql): the value at 0-based position (n - 1) / 2 in delay order,
 * or, when n is even, halfway between the two around it.
 */
export function medianTimeToConfirmSql(scope: GrowthScope, range: Range): Prisma.Sql {
  return Prisma.sql`
    SELECT (min(b."seconds") FILTER (WHERE b."through" > (b."total" - 1) / 2)
           + min(b."seconds") FILTER (WHERE b."through" > b."total" / 2))::float8 / 2
           AS "medianSeconds"
      FROM (SELECT d."seconds", (sum(d."count") OVER (ORDER BY d."seconds"))::bigint AS "through",
                   (sum(d."count") OVER ())::bigint AS "total"
              FROM (SELECT c."source"::bigint AS "seconds", sum(c."count") AS "count"
                      FROM (${countsSql(scope, range, ["confirm_delay"])}) c
                     GROUP BY 1
                    HAVING sum(c."count") <> 0) d) b`;
}

/** Marketing consents granted in the range by source, and how many were revoked since. */
export function optOutsBySourceSql(scope: GrowthScope, range: Range): Prisma.Sql {
  return Prisma.sql`
    SELECT nullif(c."source", '') AS source,
           sum(c."count") FILTER (WHERE c."kind" = 'grant')::int AS signups,
           coalesce(sum(c."count") FILTER (WHERE c."kind" = 'revoked_grant'), 0)::int AS "optOuts"
      FROM (${countsSql(scope, range, ["grant", "revoked_grant"])}) c
     GROUP BY c."source"
    HAVING sum(c."count") FILTER (WHERE c."kind" = 'grant') <> 0
     ORDER BY 2 DESC, 1`;
}

/** The forms whose failures belong to the scope; undefined for the whole organization. */
async function scopeFormIds(scope: GrowthScope): Promise<string[] | undefined> {
  if (scope.formId) return [scope.formId];
  if (!scope.audienceId) return undefined;
  const forms = await db.signupForm.findMany({
    where: { organizationId: scope.organizationId, audienceId: scope.audienceId },
    select: { id: true },
  });
  return forms.map((form) => form.id);
}

const DAY_MS = 86_400_000;

export async function getGrowthReport(
  scope: GrowthScope,
  input: GrowthRangeInput,
  now = new Date(),
): Promise<GrowthReport> {
  const range = growthRange(input, now);
  // Keeps the unfolded changes few; the counts are exact either way.
  await foldGrowthChanges({ organizationId: scope.organizationId });
  const [series, [cohort], [median], sources, formIds] = await Promise.all([
    db.$queryRaw<
      { kind: "signups" | "confirmations" | "optOuts"; period: string; count: number }[]
    >(growthSeriesSql(scope, range)),
    db.$queryRaw<{ signups: number; confirmed: number }[]>(confirmationCohortSql(scope, range)),
    db.$queryRaw<{ medianSeconds: number | null }[]>(medianTimeToConfirmSql(scope, range)),
    db.$queryRaw<{ source: string | null; signups: number; optOuts: number }[]>(
      optOutsBySourceSql(scope, range),
    ),
    scopeFormIds(scope),
  ]);
  const summary = { ...cohort!, medianSeconds: median?.medianSeconds ?? null };
  const failureReport = await getFailureReport({
    organizationId: scope.organizationId,
    now,
    days: Math.round((range.end.getTime() - range.from.getTime()) / DAY_MS),
    formIds,
  });

  const byPeriod = new Map(
    range.buckets.map((period) => [
      period,
      { period, signups: 0, confirmations: 0, optOuts: 0, net: 0 },
    ]),
  );
  for (const row of series) {
    const point = byPeriod.get(row.period);
    if (point) point[row.kind] += Number(row.count);
  }
  const points = [...byPeriod.values()].map((point) => ({
    ...point,
    net: point.confirmations - point.optOuts,
  }));
  const sum = (key: keyof Omit<GrowthPoint, "period">) =>
    points.reduce((total, point) => total + point[key], 0);

  return {
    range,
    points,
    totals: {
      signups: sum("signups"),
      confirmations: sum("confirmations"),
      optOuts: sum("optOuts"),
      net: sum("net"),
    },
    confirmationRate: summary.signups > 0 ? summary.confirmed / summary.signups : null,
    medianSecondsToConfirm:
      summary.medianSeconds === null ? null : Math.round(Number(summary.medianSeconds)),
    sources: sources.map((row) => {
      const source = row.source ?? "unknown";
      return {
        source,
        label: describeSource(source),
        signups: Number(row.signups),
        optOuts: Number(row.optOuts),
        optOutRate: row.signups > 0 ? Number(row.optOuts) / Number(row.signups) : null,
      };
    }),
    failures: failureReport.topCauses.map((cause) => ({ label: cause.label, count: cause.count })),
  };
}
