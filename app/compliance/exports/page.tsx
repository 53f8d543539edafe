import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { describedBy, Field, Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { listAudiences } from "@/lib/audiences/list-audiences";
import { requireMembership } from "@/lib/auth/require-membership";
import { EVENT_SCHEMAS } from "@/lib/consent-events/event-types";
import { AppError, type FieldErrors } from "@/lib/errors";
import { parseConsentEventsExportQuery } from "@/lib/exports/export-consent-events";
import { EXPORT_FORMATS } from "@/lib/exports/export-schemas";
import type { ExportManifest } from "@/lib/exports/get-export-manifest";
import { listExports } from "@/lib/exports/list-exports";

export const metadata: Metadata = { title: "Exports" };

const EVENT_TYPES = Object.keys(EVENT_SCHEMAS);
const FORMAT_LABELS = { csv: "CSV", ndjson: "NDJSON" } as const;
const FILTERS_FORM_ID = "export-filters";
/** The download buttons: which export, in which format (the `download` field they submit). */
const DOWNLOADS = (["consent-events", "sending-list"] as const).flatMap((path) =>
  EXPORT_FORMATS.map((format) => ({ path, format, value: `${path}.${format}` })),
);
const STATUS_TONES: Record<string, BadgeTone> = {
  running: "amber",
  completed: "green",
  failed: "red",
};

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
const all = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);

export default async function ExportsPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const { organizationId } = await requireMembership("exports:create");
  const params = await searchParams;
  const filters = {
    from: first(params.from),
    to: first(params.to),
    audienceId: first(params.audienceId),
    type: all(params.type),
  };
  // Checked here as the download will check them, so a bad filter shows next to its field
  // instead of a 422 in a new tab; nothing is written until a link is followed.
  let errors: FieldErrors = {};
  try {
    await parseConsentEventsExportQuery({ organizationId, query: filters });
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    errors = error.fields;
  }
  const [audiences, exports] = await Promise.all([
    listAudiences({ organizationId }),
    listExports({ organizationId, limit: 50 }),
  ]);
  const audienceNames = new Map(audiences.map((audience) => [audience.id, audience.name]));

  const consentQuery = new URLSearchParams();
  if (filters.from) consentQuery.set("from", filters.from);
  if (filters.to) consentQuery.set("to", filters.to);
  if (filters.audienceId) consentQuery.set("audienceId", filters.audienceId);
  for (const type of filters.type) consentQuery.append("type", type);
  const sendingQuery = new URLSearchParams();
  if (filters.audienceId && !errors.audienceId) sendingQuery.set("audienceId", filters.audienceId);
  const link = (path: string, query: URLSearchParams, format: string) => {
    const withFormat = new URLSearchParams(query);
    withFormat.set("format", format);
    return `/compliance/exports/${path}?${withFormat}`;
  };
  const hasErrors = Object.keys(errors).length > 0;
  const error = (name: string) => errors[name]?.[0];
  // After a refused download the first field at fault takes focus (its error is read with it).
  const firstInvalid = ["from", "to", "audienceId"].find((name) => error(name));

  // A Download button submits the filters as they are in the form (no "apply" step): the
  // page checks them as the export will, then sends the browser on to the file, or shows
  // what to correct next to its field.
  const download = DOWNLOADS.find((d) => d.value === first(params.download));
  if (download) {
    const blocked = download.path === "consent-events" ? hasErrors : Boolean(errors.audienceId);
    if (!blocked)
      redirect(
        link(
          download.path,
          download.path === "consent-events" ? consentQuery : sendingQuery,
          download.format,
        ),
      );
  }

  return (
    <>
      <PageHeader
        title="Exports"
        back={{ href: "/compliance", label: "Compliance" }}
        description="Consent records and sending lists as CSV or NDJSON. Every export is recorded as evidence with its row count and the SHA-256 of the file, so a copy can be checked later."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Consent records"
            description="Every consent event with its chain position and hashes, oldest first. Dates are UTC and include both ends."
          />
          <CardBody>
            <form id={FILTERS_FORM_ID} className="space-y-4" aria-label="Export filters">
              <div className="grid gap-4 sm:grid-cols-2">
                <Field id="export-from" label="From" error={error("from")}>
                  <Input
                    id="export-from"
                    name="from"
                    autoFocus={firstInvalid === "from"}
                    type="date"
                    defaultValue={filters.from}
                    aria-invalid={error("from") ? true : undefined}
                    aria-describedby={describedBy("export-from", undefined, error("from"))}
                  />
                </Field>
                <Field id="export-to" label="To" error={error("to")}>
                  <Input
                    id="export-to"
                    name="to"
                    autoFocus={firstInvalid === "to"}
                    type="date"
                    defaultValue={filters.to}
                    aria-invalid={error("to") ? true : undefined}
                    aria-describedby={describedBy("export-to", undefined, error("to"))}
                  />
                </Field>
              </div>
              <Field
                id="export-audience"
                label="Audience"
                hint="Also applies to the sending list."
                error={error("audienceId")}
              >
                <Select
                  id="export-audience"
                  name="audienceId"
                  autoFocus={firstInvalid === "audienceId"}
                  defaultValue={filters.audienceId}
                  aria-invalid={error("audienceId") ? true : undefined}
                  aria-describedby={describedBy("export-audience", "hint", error("audienceId"))}
                >
                  <option value="">All audiences</option>
                  {audiences.map((audience) => (
                    <option key={audience.id} value={audience.id}>
                      {audience.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <details open={filters.type.length > 0 || Boolean(error("type"))}>
                <summary className="cursor-pointer text-sm font-medium text-slate-800">
                  Event types{" "}
                  <span className="font-normal text-slate-600">
                    ({filters.type.length > 0 ? `${filters.type.length} chosen` : "all"})
                  </span>
                </summary>
                <fieldset className="mt-2 grid gap-1 sm:grid-cols-2">
                  <legend className="sr-only">Event types</legend>
                  {EVENT_TYPES.map((type) => (
                    <label key={type} className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        name="type"
                        value={type}
                        defaultChecked={filters.type.includes(type)}
                        className="size-4"
                      />
                      <code className="font-mono text-xs">{type}</code>
                    </label>
                  ))}
                </fieldset>
                {error("type") ? (
                  <p className="mt-1 text-xs font-medium text-red-700">{error("type")}</p>
                ) : null}
              </details>
            </form>
            <div className="mt-5 border-t border-slate-200 pt-4">
              {hasErrors ? (
                <p className="mb-2 text-sm text-red-700" role="alert">
                  Correct the filters to download.
                </p>
              ) : null}
              <DownloadButtons path="consent-events" label="Download consent records" />
            </div>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Sending list"
            description="Numbers you may text: confirmed double opt-in with live marketing consent. Never a pending, unsubscribed, deleted or suppressed number."
          />
          <CardBody>
            <p className="text-sm text-slate-700">
              Uses the audience chosen in the filters (all audiences when none). Columns: E.164
              phone, audience, marketing consent granted and confirmed (UTC).
            </p>
            <div className="mt-4">
              <DownloadButtons path="sending-list" label="Download sending list" />
            </div>
          </CardBody>
        </Card>
      </div>

      <Card className="mt-6">
        <CardHeader
          title="Past exports"
          description="Each file's manifest: check a copy with `sha256sum`. The API serves it too: GET /api/v1/exports/<id>."
        />
        {exports.length === 0 ? (
          <CardBody>
            <EmptyState title="No exports yet">Downloads you make appear here.</EmptyState>
          </CardBody>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <caption className="sr-only">Past exports</caption>
              <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
                <tr>
                  <th scope="col" className="px-4 py-2">
                    Started
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Export
                  </th>
                  <th scope="col" className="px-4 py-2">
                    Status
                  </th>
                  <th scope="col" className="px-4 py-2 text-right">
                    Rows
                  </th>
                  <th scope="col" className="px-4 py-2">
                    SHA-256
                  </th>
                  <th scope="col" className="px-4 py-2">
                    By
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {exports.map((item) => (
                  <ExportRow key={item.id} item={item} audienceNames={audienceNames} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}

function ExportRow({
  item,
  audienceNames,
}: {
  item: ExportManifest;
  audienceNames: Map<string, string>;
}) {
  return (
    <tr data-export-id={item.id}>
      <td className="px-4 py-2 align-top whitespace-nowrap">
        <Timestamp value={item.startedAt} withLocal={false} />
      </td>
      <td className="px-4 py-2 align-top">
        <p className="font-medium text-slate-900">
          {item.kind === "sending_list" ? "Sending list" : "Consent records"},{" "}
          {FORMAT_LABELS[item.format as keyof typeof FORMAT_LABELS] ?? item.format}
        </p>
        <p className="text-xs text-slate-600">{describeFilters(item.filters, audienceNames)}</p>
        <p className="font-mono text-xs text-slate-500">{item.id}</p>
      </td>
      <td className="px-4 py-2 align-top">
        <Badge tone={STATUS_TONES[item.status] ?? "gray"}>{item.status}</Badge>
        {item.generatedAt ? (
          <p className="mt-1 text-xs text-slate-600">
            <Timestamp value={item.generatedAt} withLocal={false} />
          </p>
        ) : null}
      </td>
      <td className="px-4 py-2 text-right align-top tabular-nums">
        {item.rowCount?.toLocaleString("en") ?? "—"}
      </td>
      <td className="px-4 py-2 align-top">
        {item.sha256 ? (
          <code className="block max-w-56 font-mono text-xs break-all">{item.sha256}</code>
        ) : (
          "—"
        )}
      </td>
      <td className="px-4 py-2 align-top">
        {item.generatedBy.name ?? "—"}
        <p className="text-xs text-slate-600">{item.generatedBy.type.replace("_", " ")}</p>
      </td>
    </tr>
  );
}

/** "2024-01-01 → 2024-01-31 · VIP list · sms.sent, marketing.confirmed" */
function describeFilters(filters: unknown, audienceNames: Map<string, string>): string {
  if (!filters || typeof filters !== "object") return "";
  const f = filters as Record<string, string | string[] | null | undefined>;
  const parts: string[] = [];
  const text = (value: string | string[] | null | undefined, fallback: string) =>
    typeof value === "string" ? value : fallback;
  if ("to" in f) parts.push(`${text(f.from, "beginning")} → ${text(f.to, "now")}`);
  parts.push(
    typeof f.audienceId === "string"
      ? (audienceNames.get(f.audienceId) ?? f.audienceId)
      : "all audiences",
  );
  if (Array.isArray(f.types) && f.types.length > 0) parts.push(f.types.join(", "));
  return parts.join(" · ");
}

/** Submit buttons of the filters form (also from outside it): each downloads its file. */
function DownloadButtons({
  path,
  label,
}: {
  path: (typeof DOWNLOADS)[number]["path"];
  label: string;
}) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {EXPORT_FORMATS.map((format) => (
        <Button
          key={format}
          type="submit"
          form={FILTERS_FORM_ID}
          name="download"
          value={`${path}.${format}`}
          variant={format === "csv" ? "primary" : "secondary"}
        >
          {label} ({FORMAT_LABELS[format]})
        </Button>
      ))}
    </div>
  );
}
