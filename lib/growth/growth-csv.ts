// The data behind each growth chart as a CSV file, the numbers the page shows: per period,
// by source, by failure cause. Cells go through csvCell (formula guard, RFC 4180 quoting).
import { csvCell, csvHeader } from "@/lib/exports/csv";
import type { GrowthReport } from "./get-growth-report";

export const GROWTH_CHARTS = ["growth", "sources", "failures"] as const;
export type GrowthChart = (typeof GROWTH_CHARTS)[number];

function csv(columns: readonly string[], rows: (string | number | null)[][]): string {
  return csvHeader(columns) + rows.map((row) => `${row.map(csvCell).join(",")}\n`).join("");
}

/** Rates as fractions with four decimals (0.1234), so spreadsheets can format them. */
const fraction = (value: number | null) => (value === null ? null : value.toFixed(4));

export function growthCsv(report: GrowthReport, chart: GrowthChart): string {
  switch (chart) {
    case "growth":
      return csv(
        [
          report.range.interval === "week" ? "week_starting" : "day",
          "signups",
          "confirmations",
          "opt_outs",
          "net_growth",
        ],
        report.points.map((p) => [p.period, p.signups, p.confirmations, p.optOuts, p.net]),
      );
    case "sources":
      return csv(
        ["source", "signups", "opt_outs", "opt_out_rate"],
        report.sources.map((s) => [s.label, s.signups, s.optOuts, fraction(s.optOutRate)]),
      );
    case "failures":
      return csv(
        ["cause", "count"],
        report.failures.map((f) => [f.label, f.count]),
      );
  }
}
