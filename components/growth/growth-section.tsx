// "Growth" on the overview, an audience and a form: the range picker (a GET form, so the
// range is in the URL and the page is rendered on the server), the chart with its numbers in
// a table, the confirmation rate and time, opt-outs by source and failures by cause, each
// with its CSV.
import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable, TD_NUM } from "@/components/ui/data-table";
import { buttonClasses } from "@/components/ui/button";
import { getGrowthReport, type GrowthScope } from "@/lib/growth/get-growth-report";
import {
  type GROWTH_RANGES,
  parseGrowthRange,
  type GrowthRangeInput,
} from "@/lib/growth/growth-range";
import { GrowthChart } from "./growth-chart";

type SearchParams = Record<string, string | string[] | undefined>;

const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

/** 42 s, 3 min, 2 h 5 min, 3 d 4 h. */
function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const RANGE_LABELS: Record<keyof typeof GROWTH_RANGES, string> = {
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "90d": "Last 90 days",
  "365d": "Last 12 months",
};

function RangePicker({ value }: { value: GrowthRangeInput }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-2 text-sm" aria-label="Growth range">
      <div className="flex flex-col gap-1">
        <label htmlFor="growth-range" className="text-xs font-medium text-slate-700">
          Range
        </label>
        <select
          id="growth-range"
          name="range"
          defaultValue={value.range}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
        >
          {Object.entries(RANGE_LABELS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="growth-interval" className="text-xs font-medium text-slate-700">
          Per
        </label>
        <select
          id="growth-interval"
          name="interval"
          defaultValue={value.interval}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
        >
          <option value="day">Day</option>
          <option value="week">Week</option>
        </select>
      </div>
      <button type="submit" className={buttonClasses("secondary", "sm")}>
        Show
      </button>
    </form>
  );
}

export async function GrowthSection({
  scope,
  searchParams,
}: {
  scope: GrowthScope;
  searchParams: SearchParams;
}) {
  const parsed = parseGrowthRange(searchParams);
  const input = parsed.data ?? { range: "30d", interval: "day" };
  const report = await getGrowthReport(scope, input);
  const csvHref = (chart: string) => {
    const query = new URLSearchParams({ chart, range: input.range, interval: input.interval });
    if (scope.audienceId) query.set("audienceId", scope.audienceId);
    if (scope.formId) query.set("formId", scope.formId);
    return `/dashboard/growth.csv?${query}`;
  };
  const csvLink = (chart: string, what: string) => (
    <a href={csvHref(chart)} download className={buttonClasses("secondary", "sm")}>
      Download CSV<span className="sr-only"> of {what}</span>
    </a>
  );
  const per = input.interval === "week" ? "week" : "day";
  const rangeLabel = `${RANGE_LABELS[input.range].toLowerCase()}, per ${per} (UTC)`;
  const stats = [
    ["Signups", String(report.totals.signups)],
    ["Confirmations", String(report.totals.confirmations)],
    ["Opt-outs", String(report.totals.optOuts)],
    ["Net growth", String(report.totals.net)],
    [
      "Confirmation rate",
      report.confirmationRate === null ? "—" : percent.format(report.confirmationRate),
    ],
    [
      "Median time to YES",
      report.medianSecondsToConfirm === null ? "—" : formatDuration(report.medianSecondsToConfirm),
    ],
  ] as const;

  return (
    <section aria-labelledby="growth-heading" className="mt-6 space-y-6">
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4">
          <div>
            <h2 id="growth-heading" className="text-base font-semibold text-slate-900">
              Growth
            </h2>
            <p className="mt-0.5 text-sm text-slate-600">
              Signups, confirmations, opt-outs and net growth (confirmations minus opt-outs),{" "}
              {rangeLabel}.
            </p>
            {parsed.success ? null : (
              <p role="status" className="mt-1 text-sm text-amber-800">
                That range is not one of the choices; showing the last 30 days.
              </p>
            )}
          </div>
          <RangePicker value={input} />
        </div>
        <CardBody className="space-y-4">
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
            {stats.map(([label, value]) => (
              <div key={label}>
                <dt className="text-xs text-slate-600">{label}</dt>
                <dd className="mt-0.5 text-xl font-semibold tabular-nums text-slate-900">
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          <GrowthChart
            points={report.points}
            label={`Chart of signups, confirmations, opt-outs and net growth, ${rangeLabel}. The numbers are in the table below it.`}
          />
          <div className="flex flex-wrap items-start justify-between gap-3">
            <details className="min-w-0 flex-1">
              <summary className="cursor-pointer text-sm font-medium text-brand-700">
                Numbers behind the chart
              </summary>
              <DataTable
                className="mt-2"
                caption={`Signups, confirmations, opt-outs and net growth, ${rangeLabel}`}
                columns={[
                  { label: per === "week" ? "Week starting" : "Day" },
                  { label: "Signups", align: "right" },
                  { label: "Confirmations", align: "right" },
                  { label: "Opt-outs", align: "right" },
                  { label: "Net growth", align: "right" },
                ]}
              >
                {report.points.map((point) => (
                  <tr key={point.period}>
                    <th scope="row" className="px-4 py-2 text-left font-normal tabular-nums">
                      {point.period}
                    </th>
                    <td className={TD_NUM}>{point.signups}</td>
                    <td className={TD_NUM}>{point.confirmations}</td>
                    <td className={TD_NUM}>{point.optOuts}</td>
                    <td className={TD_NUM}>{point.net}</td>
                  </tr>
                ))}
              </DataTable>
            </details>
            {csvLink("growth", "signups, confirmations, opt-outs and net growth")}
          </div>
        </CardBody>
      </Card>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Opt-outs by source"
            description="Of the marketing consents given in the range, by where they came from: how many have been withdrawn since."
            actions={csvLink("sources", "opt-outs by source")}
          />
          {report.sources.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-600">No signups in this range.</p>
            </CardBody>
          ) : (
            <DataTable
              caption={`Opt-outs by source, ${rangeLabel}`}
              columns={[
                { label: "Source" },
                { label: "Signups", align: "right" },
                { label: "Opt-outs", align: "right" },
                { label: "Opt-out rate", align: "right" },
              ]}
            >
              {report.sources.map((source) => (
                <tr key={source.source}>
                  <th scope="row" className="px-4 py-2 text-left font-normal">
                    {source.label}
                  </th>
                  <td className={TD_NUM}>{source.signups}</td>
                  <td className={TD_NUM}>{source.optOuts}</td>
                  <td className={TD_NUM}>
                    {source.optOutRate === null ? "—" : percent.format(source.optOutRate)}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
        <Card>
          <CardHeader
            title="Failures by cause"
            description={
              <>
                What kept texts from going out or people from signing up.{" "}
                <Link href="/dashboard/failures" className="text-brand-700 underline">
                  All failures
                </Link>
              </>
            }
            actions={csvLink("failures", "failures by cause")}
          />
          {report.failures.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-600">No failures in this range.</p>
            </CardBody>
          ) : (
            <DataTable
              caption={`Failures by cause, ${rangeLabel}`}
              columns={[{ label: "Cause" }, { label: "Count", align: "right" }]}
            >
              {report.failures.map((failure) => (
                <tr key={failure.label}>
                  <th scope="row" className="px-4 py-2 text-left font-normal">
                    {failure.label}
                  </th>
                  <td className={TD_NUM}>{failure.count}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
      </div>
    </section>
  );
}
