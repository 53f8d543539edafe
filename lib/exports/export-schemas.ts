// Export requests as they arrive in a query string (API, dashboard links). Dates are UTC and
// inclusive at both ends: a date alone means that whole UTC day, a time without an offset is
// read as UTC. Empty fields (an HTML form's untouched inputs) count as absent.
import { z } from "zod";
import { isEventType } from "@/lib/consent-events/event-types";

export const EXPORT_FORMATS = ["csv", "ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportKind = "consent_events" | "sending_list";
/** What an export was asked for, as stored in its manifest and its export.created event. */
export type ExportFilters = Record<string, string | string[] | null>;

const DAY_MS = 86_400_000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A date or date-time → the first (or, with `endOfDay`, last) millisecond it names; null if invalid. */
export function parseMoment(value: string, endOfDay: boolean): Date | null {
  const day = DATE_ONLY.exec(value);
  if (day) {
    const start = new Date(`${value}T00:00:00.000Z`);
    // Date rolls 2026-02-30 over to March; a real day formats back to itself.
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) return null;
    return endOfDay ? new Date(start.getTime() + DAY_MS - 1) : start;
  }
  if (!DATE_TIME.test(value)) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const moment = new Date(hasZone ? value : `${value}Z`);
  return Number.isNaN(moment.getTime()) ? null : moment;
}

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optionalText = (max: number) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max).optional());

const format = z.preprocess(
  blankToUndefined,
  z.enum(EXPORT_FORMATS, { error: "Choose csv or ndjson" }).default("csv"),
);

const moment = (endOfDay: boolean) =>
  optionalText(40).transform((value, ctx) => {
    if (value === undefined) return undefined;
    const parsed = parseMoment(value, endOfDay);
    if (!parsed) {
      ctx.addIssue({
        code: "custom",
        message: "Use a date (2026-01-31) or an ISO 8601 date-time (2026-01-31T12:00:00Z)",
      });
      return z.NEVER;
    }
    return parsed;
  });

/** `type=a&type=b` or `type=a,b`; every one must be a known event type. */
const eventTypes = z
  .preprocess(
    (value): unknown[] =>
      value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value],
    z.array(z.string().max(2000)).max(50, "Choose at most 50 event types"),
  )
  .transform((values, ctx) => {
    const types = [
      ...new Set(values.flatMap((value) => value.split(",").map((part) => part.trim()))),
    ].filter(Boolean);
    const unknown = types.filter((type) => !isEventType(type));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: "custom",
        message: `Unknown event type${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`,
      });
      return z.NEVER;
    }
    return types;
  });

export const ZConsentEventsExportQuerySchema = z
  .object({
    format,
    from: moment(false),
    to: moment(true),
    audienceId: optionalText(64),
    type: eventTypes,
  })
  .superRefine((query, ctx) => {
    if (query.from && query.to && query.from > query.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "Must not be before “from”" });
    }
  });
export type TConsentEventsExportQuerySchema = z.output<typeof ZConsentEventsExportQuerySchema>;

export const ZSendingListExportQuerySchema = z.object({
  format,
  audienceId: optionalText(64),
});
export type TSendingListExportQuerySchema = z.output<typeof ZSendingListExportQuerySchema>;

/** A query string as a plain object; a repeated key becomes an array. */
export function queryFromSearchParams(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length > 1 ? values : values[0]!;
  }
  return query;
}
