import type { Metadata } from "next";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable, TD_NUM } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireMembership } from "@/lib/auth/require-membership";
import { FAILURE_TYPES, getFailureReport, type FailureType } from "@/lib/risk/get-failure-report";
import { RISK_EVENT_TYPES } from "@/lib/risk/record-risk-event";
import { TWILIO_ERROR_CODES } from "@/lib/risk/twilio-error-codes";

export const metadata: Metadata = { title: "Failures" };

const DAYS = 14;

/** Columns of the by-day and by-country tables: related types side by side. */
const GROUPS: { label: string; types: FailureType[] }[] = [
  { label: "Not delivered", types: ["delivery_failed"] },
  { label: "Code problems", types: ["code_wrong", "code_expired", "code_attempts_exhausted"] },
  { label: "Invalid or not mobile", types: ["invalid_number", "not_mobile"] },
  {
    label: "Refused (country, limits, blocks)",
    types: ["country_not_allowed", "rate_limited", "blocked"],
  },
];

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
function countryName(code: string | null): string {
  if (!code) return "Unknown";
  try {
    return `${regionNames.of(code) ?? code} (${code})`;
  } catch {
    return code;
  }
}

const sum = (counts: Record<FailureType, number>, types: FailureType[]) =>
  types.reduce((total, type) => total + counts[type], 0);

export default async function FailuresPage() {
  const { organizationId } = await requireMembership("evidence:read");
  const report = await getFailureReport({ organizationId, days: DAYS });
  const busiest = Math.max(1, ...report.days.map((day) => day.total));

  return (
    <>
      <PageHeader
        title="Failures"
        description={`Everything that kept a text from arriving or a person from getting on a list, over the last ${DAYS} days (UTC): undelivered texts, wrong and expired codes, invalid or non-mobile numbers, and refused requests.`}
      />

      {report.total === 0 ? (
        <EmptyState title={`No failures in the last ${DAYS} days`}>
          Delivery errors reported by Twilio, code problems and refused signups appear here.
        </EmptyState>
      ) : (
        <>
          <div className="mb-6 grid gap-6 lg:grid-cols-2">
            <Card>
              <CardHeader title="Top causes" description={`${report.total} in ${DAYS} days`} />
              <ol className="divide-y divide-slate-100">
                {report.topCauses.map((cause) => (
                  <li
                    key={`${cause.type}:${cause.errorCode ?? ""}`}
                    className="flex items-center justify-between gap-3 px-5 py-2 text-sm"
                  >
                    <span className="text-slate-800">{cause.label}</span>
                    <span className="font-semibold tabular-nums text-slate-900">{cause.count}</span>
                  </li>
                ))}
              </ol>
            </Card>
            <Card>
              <CardHeader
                title="Delivery failures by error code"
                description="As reported by Twilio's status callbacks, or by the send itself."
              />
              {report.errorCodes.length === 0 ? (
                <CardBody>
                  <p className="text-sm text-slate-600">
                    Every text sent was delivered or is on its way.
                  </p>
                </CardBody>
              ) : (
                <DataTable
                  caption="Delivery failures by error code"
                  columns={[
                    { label: "Code" },
                    { label: "Meaning" },
                    { label: "Count", align: "right" },
                  ]}
                >
                  {report.errorCodes.map((row) => (
                    <tr key={row.errorCode ?? "none"}>
                      <td className="px-4 py-2 font-mono text-xs">{row.errorCode ?? "—"}</td>
                      <td className="px-4 py-2 text-slate-700">{row.label}</td>
                      <td className={TD_NUM}>{row.count}</td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </Card>
          </div>

          <Card className="mb-6">
            <CardHeader title="By day" />
            <DataTable
              caption="Failures by day"
              columns={[
                { label: "Day" },
                ...GROUPS.map((group) => ({ label: group.label, align: "right" as const })),
                { label: "Total", align: "right" },
                { label: "Share", srOnly: true, className: "w-40" },
              ]}
            >
              {report.days.map((day) => (
                <tr key={day.day}>
                  <td className="whitespace-nowrap px-4 py-2 font-mono text-xs">{day.day}</td>
                  {GROUPS.map((group) => (
                    <td key={group.label} className={TD_NUM}>
                      {sum(day.counts, group.types) || ""}
                    </td>
                  ))}
                  <td className={`${TD_NUM} font-semibold`}>{day.total || ""}</td>
                  <td className="px-4 py-2">
                    <div
                      aria-hidden
                      className="h-2 rounded bg-red-400"
                      style={{ width: `${(day.total / busiest) * 100}%` }}
                    />
                  </td>
                </tr>
              ))}
            </DataTable>
          </Card>

          <Card className="mb-6">
            <CardHeader title="By country of the number" />
            <DataTable
              caption="Failures by country"
              columns={[
                { label: "Country" },
                ...GROUPS.map((group) => ({ label: group.label, align: "right" as const })),
                { label: "Total", align: "right" },
              ]}
            >
              {report.countries.map((row) => (
                <tr key={row.country ?? "unknown"}>
                  <td className="px-4 py-2 text-slate-800">{countryName(row.country)}</td>
                  {GROUPS.map((group) => (
                    <td key={group.label} className={TD_NUM}>
                      {sum(row.counts, group.types) || ""}
                    </td>
                  ))}
                  <td className={`${TD_NUM} font-semibold`}>{row.total}</td>
                </tr>
              ))}
            </DataTable>
          </Card>

          <Card className="mb-6">
            <CardHeader title="By type" />
            <CardBody>
              <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3">
                {FAILURE_TYPES.map((type) => (
                  <div key={type} className="rounded-md border border-slate-200 px-3 py-2">
                    <dt className="text-xs text-slate-600">{RISK_EVENT_TYPES[type]}</dt>
                    <dd className="text-lg font-semibold tabular-nums">{report.totals[type]}</dd>
                  </div>
                ))}
              </dl>
            </CardBody>
          </Card>
        </>
      )}

      <Card>
        <CardHeader title="Common Twilio error codes" />
        <DataTable
          caption="Common Twilio error codes"
          columns={[{ label: "Code" }, { label: "Meaning" }, { label: "What to do" }]}
        >
          {Object.entries(TWILIO_ERROR_CODES).map(([code, entry]) => (
            <tr key={code}>
              <td className="px-4 py-2 font-mono text-xs">{code}</td>
              <td className="px-4 py-2 text-slate-800">{entry.label}</td>
              <td className="px-4 py-2 text-slate-600">{entry.action}</td>
            </tr>
          ))}
        </DataTable>
      </Card>
    </>
  );
}
