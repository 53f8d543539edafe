// The numbers a sending platform may text: confirmed double opt-in with a live marketing
// consent, and nothing revoked, unsubscribed, deleted or suppressed by the organization.
// The one entry point for the API, the dashboard and the benchmark.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { CUSTOM_FIELD_NAME_PATTERN } from "@/lib/subscribers/column-mapping";
import { csvHeader, neutralizedSql } from "./csv";
import { assertOwnAudience } from "./export-consent-events";
import { isoUtcSql, sqlLiteral, type ExportQuery } from "./export-query";
import { ZSendingListExportQuerySchema, type ExportFormat } from "./export-schemas";
import { startExport, type StartedExport } from "./run-export";

export const SENDING_LIST_COLUMNS = [
  "phone",
  "audience_id",
  "audience_name",
  "marketing_granted_at",
  "marketing_confirmed_at",
  "subscriber_id",
] as const;

export interface ExportSendingListOptions {
  organizationId: string;
  actor: Actor;
  /** Query parameters: format, audienceId. */
  query: unknown;
  pageSize?: number;
}

export async function exportSendingList(options: ExportSendingListOptions): Promise<StartedExport> {
  const { organizationId } = options;
  const query = parseInput(ZSendingListExportQuerySchema, options.query);
  const audienceId = query.audienceId ?? null;
  if (audienceId) await assertOwnAudience(organizationId, audienceId);
  const customFields = await listCustomFieldNames(organizationId, audienceId);
  return startExport({
    organizationId,
    actor: options.actor,
    kind: "sending_list",
    filters: { audienceId },
    header:
      query.format === "csv"
        ? csvHeader([...SENDING_LIST_COLUMNS, ...customFields.map((name) => `custom_${name}`)])
        : "",
    query: sendableQuery(organizationId, audienceId, query.format, customFields),
    pageSize: options.pageSize,
  });
}

/**
 * The custom field names the exported subscribers may carry, sorted: one CSV column each,
 * after the fixed ones. Read through the partial index of subscribers that have any.
 */
async function listCustomFieldNames(
  organizationId: string,
  audienceId: string | null,
): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT DISTINCT k.name FROM "Subscriber" s, jsonb_object_keys(s."customFields") AS k(name)
    WHERE s."organizationId" = ${organizationId} AND s."customFields" <> '{}'::jsonb
      AND (${audienceId}::text IS NULL OR s."audienceId" = ${audienceId})
    ORDER BY k.name`;
  // Only names the import allows: they go into the header and, as literals, into the SQL.
  return rows.map((row) => row.name).filter((name) => CUSTOM_FIELD_NAME_PATTERN.test(name));
}

// In SENDING_LIST_COLUMNS order; numbers are E.164, which neutralizedSql keeps verbatim.
const CSV_COLUMNS = [
  neutralizedSql(`s."phone"`),
  neutralizedSql(`s."audienceId"`),
  neutralizedSql(`a."name"`),
  isoUtcSql(`c."grantedAt"`),
  isoUtcSql(`c."confirmedAt"`),
  neutralizedSql(`s."id"`),
].join(", ");

const JSON_FIELDS = `s."phone", s."audienceId", a."name" AS "audienceName",
  ${isoUtcSql(`c."grantedAt"`)} AS "marketingGrantedAt",
  ${isoUtcSql(`c."confirmedAt"`)} AS "marketingConfirmedAt", s."id" AS "subscriberId",
  s."customFields"`;

// Ordered by the subscriber's ("createdAt", "id") within CONFIRMED, which the
// ("organizationId", "status", "createdAt") index serves. Every exclusion is in the query, so
// a number that is not sendable never leaves the database.
function sendableQuery(
  organizationId: string,
  audienceId: string | null,
  format: ExportFormat,
  customFields: string[],
): ExportQuery {
  const from = `"Subscriber" s
    JOIN "Consent" c ON c."subscriberId" = s."id" AND c."organizationId" = s."organizationId"
                    AND c."purpose" = 'MARKETING'
    JOIN "Audience" a ON a."id" = s."audienceId" AND a."organizationId" = s."organizationId"`;
  const where = [
    `s."organizationId" = ${sqlLiteral(organizationId)}`,
    `s."status" = 'CONFIRMED'`,
    `s."deletedAt" IS NULL`,
    `c."confirmedAt" IS NOT NULL`,
    `c."revokedAt" IS NULL`,
    `NOT EXISTS (SELECT 1 FROM "Suppression" x
                  WHERE x."organizationId" = s."organizationId" AND x."phone" = s."phone")`,
  ];
  if (audienceId) where.push(`s."audienceId" = ${sqlLiteral(audienceId)}`);
  return {
    format,
    // Custom fields are text imported from another system: formula-safe like the rest.
    csvColumns: [
      CSV_COLUMNS,
      ...customFields.map((name) => neutralizedSql(`(s."customFields"->>${sqlLiteral(name)})`)),
    ].join(", "),
    jsonFields: JSON_FIELDS,
    from,
    where,
    keyset: { at: `s."createdAt"`, id: `s."id"` },
  };
}
