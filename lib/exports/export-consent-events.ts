// Consent records of one organization as CSV or NDJSON: every event in a date range, for one
// audience and some event types if asked, oldest first, with its chain position and hashes
// so that a reader can verify the evidence. The one entry point for the API, the dashboard
// and the benchmark. The file holds stored facts only: the data as recorded, not sentences
// written by today's code (those are in the proof document), so it describes the ledger alone.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { csvHeader, neutralizedSql } from "./csv";
import { isoUtcSql, sqlLiteral, type ExportQuery } from "./export-query";
import {
  ZConsentEventsExportQuerySchema,
  type ExportFilters,
  type ExportFormat,
} from "./export-schemas";
import { startExport, type StartedExport } from "./run-export";

export const CONSENT_EVENT_COLUMNS = [
  "event_id",
  "chain_seq",
  "occurred_at",
  "type",
  "subscriber_id",
  "phone",
  "audience_id",
  "audience_name",
  "actor_type",
  "actor_name",
  "ip",
  "user_agent",
  "data",
  "hash",
  "prev_hash",
] as const;

export interface ConsentEventFilters {
  from: Date | null;
  /** Inclusive; the export's start when not asked, so the file is reproducible. */
  to: Date;
  audienceId: string | null;
  /** Empty: every type. */
  types: string[];
}

/**
 * Checks an export request (422 with field errors, nothing written) and resolves it against
 * the organization: an audience must be one of its own.
 */
export async function parseConsentEventsExportQuery(options: {
  organizationId: string;
  query: unknown;
  now?: Date;
}): Promise<{ format: ExportFormat; filters: ConsentEventFilters }> {
  const query = parseInput(ZConsentEventsExportQuerySchema, options.query);
  if (query.audienceId) await assertOwnAudience(options.organizationId, query.audienceId);
  return {
    format: query.format,
    filters: {
      from: query.from ?? null,
      to: query.to ?? options.now ?? new Date(),
      audienceId: query.audienceId ?? null,
      types: query.type,
    },
  };
}

export async function assertOwnAudience(organizationId: string, audienceId: string) {
  const audience = await db.audience.findFirst({
    where: { id: audienceId, organizationId },
    select: { id: true },
  });
  if (!audience) throw AppError.validation({ audienceId: ["Unknown audience"] });
}

export interface ExportConsentEventsOptions {
  organizationId: string;
  actor: Actor;
  /** Query parameters: format, from, to, audienceId, type (repeatable). */
  query: unknown;
  pageSize?: number;
}

export async function exportConsentEvents(
  options: ExportConsentEventsOptions,
): Promise<StartedExport> {
  const { organizationId } = options;
  const { format, filters } = await parseConsentEventsExportQuery(options);
  return startExport({
    organizationId,
    actor: options.actor,
    kind: "consent_events",
    filters: manifestFilters(filters),
    header: format === "csv" ? csvHeader(CONSENT_EVENT_COLUMNS) : "",
    query: consentEventsQuery(organizationId, filters, format),
    pageSize: options.pageSize,
  });
}

function manifestFilters(filters: ConsentEventFilters): ExportFilters {
  return {
    from: filters.from?.toISOString() ?? null,
    to: filters.to.toISOString(),
    audienceId: filters.audienceId,
    types: filters.types.length > 0 ? filters.types : null,
  };
}

// CSV, in CONSENT_EVENT_COLUMNS order. Every text column is neutralized except those whose
// form the database fixes: the sequence number, the time (to_char), the actor type (an enum)
// and the data, which is JSON of an object (each type's schema is one, checked when the event
// was recorded, and the row cannot change since), so it starts with "{".
const CSV_COLUMNS = [
  neutralizedSql(`e."id"`),
  `e."seq"`,
  isoUtcSql(`e."createdAt"`),
  neutralizedSql(`e."type"`),
  neutralizedSql(`e."subscriberId"`),
  neutralizedSql(`s."phone"`),
  neutralizedSql(`s."audienceId"`),
  neutralizedSql(`a."name"`),
  `lower(e."actorType"::text)`,
  neutralizedSql(`e."actorName"`),
  neutralizedSql(`e."ip"`),
  neutralizedSql(`e."userAgent"`),
  `e."data"::text`,
  neutralizedSql(`e."hash"`),
  neutralizedSql(`e."prevHash"`),
].join(", ");

// NDJSON: the same fields, as they are (JSON is not a spreadsheet), the data as an object.
const JSON_FIELDS = `e."id", e."seq", ${isoUtcSql(`e."createdAt"`)} AS "occurredAt", e."type",
  e."subscriberId", s."phone", s."audienceId", a."name" AS "audienceName",
  lower(e."actorType"::text) AS "actorType", e."actorName", e."ip", e."userAgent", e."data",
  e."hash", e."prevHash"`;

// The ("organizationId", "createdAt") index serves the order and the range; PostgreSQL sorts a
// whole organization's export with parallel workers when that is cheaper.
function consentEventsQuery(
  organizationId: string,
  filters: ConsentEventFilters,
  format: ExportFormat,
): ExportQuery {
  const where = [
    `e."organizationId" = ${sqlLiteral(organizationId)}`,
    `e."createdAt" <= ${sqlLiteral(filters.to.toISOString())}::timestamptz`,
  ];
  if (filters.from)
    where.push(`e."createdAt" >= ${sqlLiteral(filters.from.toISOString())}::timestamptz`);
  if (filters.types.length > 0) {
    where.push(`e."type" IN (${filters.types.map(sqlLiteral).join(", ")})`);
  }
  if (filters.audienceId) where.push(`s."audienceId" = ${sqlLiteral(filters.audienceId)}`);
  const from = `"ConsentEvent" e
    LEFT JOIN "Subscriber" s ON s."id" = e."subscriberId" AND s."organizationId" = e."organizationId"
    LEFT JOIN "Audience" a ON a."id" = s."audienceId" AND a."organizationId" = e."organizationId"`;
  return {
    format,
    csvColumns: CSV_COLUMNS,
    jsonFields: JSON_FIELDS,
    from,
    where,
    keyset: { at: `e."createdAt"`, id: `e."id"` },
  };
}
