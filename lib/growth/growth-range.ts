// The range a growth chart covers, as the dashboard's URL carries it (`?range=30d&interval=day`):
// whole UTC days ending today, counted per day or per week (weeks start on Monday, as
// PostgreSQL's date_trunc('week') does). Pure, so the page, the CSV route and the tests agree.
import { z } from "zod";

export const GROWTH_RANGES = { "7d": 7, "30d": 30, "90d": 90, "365d": 365 } as const;
export type GrowthRangeKey = keyof typeof GROWTH_RANGES;
export const GROWTH_INTERVALS = ["day", "week"] as const;
export type GrowthInterval = (typeof GROWTH_INTERVALS)[number];

const DAY_MS = 86_400_000;

export const growthRangeSchema = z.object({
  range: z
    .enum(Object.keys(GROWTH_RANGES) as [GrowthRangeKey, ...GrowthRangeKey[]], {
      error: "Choose a range of 7d, 30d, 90d or 365d",
    })
    .default("30d"),
  interval: z.enum(GROWTH_INTERVALS, { error: "Choose day or week" }).default("day"),
});
export type GrowthRangeInput = z.infer<typeof growthRangeSchema>;

export interface GrowthRange extends GrowthRangeInput {
  /** First millisecond counted: the start of the first bucket. */
  from: Date;
  /** First millisecond not counted: the start of tomorrow (UTC). */
  end: Date;
  /** Each bucket's first day, YYYY-MM-DD, oldest first. */
  buckets: string[];
}

/** The last `range` days up to today (UTC), widened to whole weeks when counted by week. */
export function growthRange(input: GrowthRangeInput, now = new Date()): GrowthRange {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  let from = today - (GROWTH_RANGES[input.range] - 1) * DAY_MS;
  const step = input.interval === "week" ? 7 * DAY_MS : DAY_MS;
  // 1970-01-01 was a Thursday: days since the Monday before it, modulo 7.
  if (input.interval === "week") from -= ((Math.floor(from / DAY_MS) + 3) % 7) * DAY_MS;
  const buckets: string[] = [];
  for (let time = from; time <= today; time += step) {
    buckets.push(new Date(time).toISOString().slice(0, 10));
  }
  return { ...input, from: new Date(from), end: new Date(today + DAY_MS), buckets };
}

/** Query-string values → a range; the page falls back to the default on bad input. */
export function parseGrowthRange(params: Record<string, string | string[] | undefined>) {
  const first = (value: string | string[] | undefined) =>
    (Array.isArray(value) ? value[0] : value) || undefined;
  return growthRangeSchema.safeParse({
    range: first(params.range),
    interval: first(params.interval),
  });
}
