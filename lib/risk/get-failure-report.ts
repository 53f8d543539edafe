// What the Failures page shows: everything that kept a text from being sent or a person from
// getting on the list, over the last days, by day, by country and by error code.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { RISK_EVENT_TYPES, type RiskEventType } from "./record-risk-event";
import { describeTwilioError } from "./twilio-error-codes";

export const FAILURE_TYPES = [
  "delivery_failed",
  "code_expired",
  "code_wrong",
  "code_attempts_exhausted",
  "invalid_number",
  "not_mobile",
  "country_not_allowed",
  "blocked",
  "rate_limited",
] as const satisfies readonly RiskEventType[];
export type FailureType = (typeof FAILURE_TYPES)[number];

type Counts = Record<FailureType, number>;

export interface FailureReport {
  from: Date;
  to: Date;
  total: number;
  totals: Counts;
  /** One row per UTC day, oldest first, days without failures included. */
  days: { day: string; total: number; counts: Counts }[];
  countries: { country: string | null; total: number; counts: Counts }[];
  /** Delivery failures by provider error code. */
  errorCodes: { errorCode: number | null; label: string; count: number }[];
  /** The most frequent causes, in words: a type, with its error code for delivery failures. */
  topCauses: { type: FailureType; errorCode: number | null; label: string; count: number }[];
}

const DAY_MS = 24 * 3600 * 1000;

function zero(): Counts {
  return Object.fromEntries(FAILURE_TYPES.map((type) => [type, 0])) as Counts;
}

export async function getFailureReport(options: {
  organizationId: string;
  now?: Date;
  days?: number;
  /** Only failures on these forms (an audience's or a form's growth charts). */
  formIds?: string[];
}): Promise<FailureReport> {
  const { organizationId } = options;
  const now = options.now ?? new Date();
  const dayCount = options.days ?? 14;
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const from = new Date(today - (dayCount - 1) * DAY_MS);

  const formFilter = !options.formIds
    ? Prisma.empty
    : options.formIds.length === 0
      ? Prisma.sql`AND false`
      : Prisma.sql`AND "formId" IN (${Prisma.join(options.formIds)})`;
  const rows = await db.$queryRaw<
    { day: string; type: string; country: string | null; errorCode: number | null; count: number }[]
  >`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, "type", "country", "errorCode", count
    FROM (
      -- Grouped by date and formatted after: to_char on every event took half the time
      -- (100,000 failures in a year: ~200 ms, ~90 ms this way).
      SELECT ("createdAt" AT TIME ZONE 'UTC')::date AS day, "type", "country", "errorCode",
             count(*)::int AS count
      FROM "RiskEvent"
      WHERE "organizationId" = ${organizationId} AND "createdAt" >= ${from} AND "createdAt" <= ${now}
        AND "type" IN (${Prisma.join([...FAILURE_TYPES])}) ${formFilter}
      GROUP BY 1, 2, 3, 4) grouped`;

  const totals = zero();
  const days = new Map<string, { day: string; total: number; counts: Counts }>();
  for (let time = from.getTime(); time <= today; time += DAY_MS) {
    const day = new Date(time).toISOString().slice(0, 10);
    days.set(day, { day, total: 0, counts: zero() });
  }
  const countries = new Map<
    string | null,
    { country: string | null; total: number; counts: Counts }
  >();
  const errorCodes = new Map<number | null, number>();
  const causes = new Map<string, { type: FailureType; errorCode: number | null; count: number }>();

  for (const row of rows) {
    const type = row.type as FailureType;
    const count = Number(row.count);
    totals[type] += count;
    const day = days.get(row.day);
    if (day) {
      day.total += count;
      day.counts[type] += count;
    }
    const country = countries.get(row.country) ?? {
      country: row.country,
      total: 0,
      counts: zero(),
    };
    country.total += count;
    country.counts[type] += count;
    countries.set(row.country, country);
    const errorCode = type === "delivery_failed" ? row.errorCode : null;
    if (type === "delivery_failed") {
      errorCodes.set(errorCode, (errorCodes.get(errorCode) ?? 0) + count);
    }
    const causeKey = `${type}:${errorCode ?? ""}`;
    const cause = causes.get(causeKey) ?? { type, errorCode, count: 0 };
    cause.count += count;
    causes.set(causeKey, cause);
  }

  return {
    from,
    to: now,
    total: Object.values(totals).reduce((sum, count) => sum + count, 0),
    totals,
    days: [...days.values()],
    countries: [...countries.values()].sort((a, b) => b.total - a.total),
    errorCodes: [...errorCodes.entries()]
      .map(([errorCode, count]) => ({ errorCode, label: describeTwilioError(errorCode), count }))
      .sort((a, b) => b.count - a.count),
    topCauses: [...causes.values()]
      .map((cause) => ({
        ...cause,
        label:
          cause.type === "delivery_failed" && cause.errorCode !== null
            ? `${RISK_EVENT_TYPES.delivery_failed}: ${describeTwilioError(cause.errorCode)}`
            : RISK_EVENT_TYPES[cause.type],
      }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 10),
  };
}
