import { describe, expect, it } from "vitest";
import { growthRange, parseGrowthRange } from "./growth-range";

describe("growthRange", () => {
  const now = new Date("2026-03-11T15:30:00Z"); // a Wednesday

  it("covers the last n UTC days, today included, one bucket per day", () => {
    const range = growthRange({ range: "7d", interval: "day" }, now);
    expect(range.from.toISOString()).toBe("2026-03-05T00:00:00.000Z");
    expect(range.end.toISOString()).toBe("2026-03-12T00:00:00.000Z");
    expect(range.buckets).toEqual([
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
      "2026-03-09",
      "2026-03-10",
      "2026-03-11",
    ]);
  });

  it("starts weekly buckets on the Monday of the first day", () => {
    const range = growthRange({ range: "30d", interval: "week" }, now);
    // 30 days back (today included) is Tuesday 2026-02-10; its week starts on Monday 2026-02-09.
    expect(range.from.toISOString()).toBe("2026-02-09T00:00:00.000Z");
    expect(range.buckets[0]).toBe("2026-02-09");
    expect(range.buckets.at(-1)).toBe("2026-03-09");
    expect(range.buckets).toHaveLength(5);
  });

  it("reads the query string and refuses unknown values", () => {
    expect(parseGrowthRange({}).data).toEqual({ range: "30d", interval: "day" });
    expect(parseGrowthRange({ range: "90d", interval: "week" }).data).toEqual({
      range: "90d",
      interval: "week",
    });
    expect(parseGrowthRange({ range: "1000d" }).success).toBe(false);
    expect(parseGrowthRange({ interval: "hour" }).success).toBe(false);
  });
});
