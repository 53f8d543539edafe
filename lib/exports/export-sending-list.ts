// The numbers a sending platform may text: confirmed double opt-in with a live marketing
// consent, and nothing revoked, unsubscribed, deleted or suppressed by the organization.
// The one entry point for the API, the dashboard and the benchmark.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { getConnection } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { csvCell, csvHeader, csvLine } from "./csv";
import { assertOwnAudience } from "./export-consent-events";
import { ZSendingListExportQuerySchema } from "./export-schemas";
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
  return startExport<SendableRow>({
    organizationId,
    actor: options.actor,
    kind: "sending_list",
    format: query.format,
    filters: { audienceId },
    pageSize: options.pageSize,
    source: {
      header: query.format === "csv" ? csvHeader(SENDING_LIST_COLUMNS) : "",
      readPage: (after, pageSize) => readSendablePage(organizationId, audienceId, after, pageSize),
      encode:
        query.format === "csv"
          ? (row, out) => out.write(csvRecord(row))
          : (row, out) => out.write(`${JSON.stringify(jsonRecord(row))}\n`),
    },
  });
}

interface SendableRow extends Record<string, unknown> {
  id: string;
  /** Subscriber createdAt, ISO UTC: the keyset cursor. */
  at: string;
  phone: string;
  audienceId: string;
  audienceName: string;
  grantedAt: string | null;
  confirmedAt: string;
}

const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// Keyset on the subscriber's ("createdAt", "id") within CONFIRMED, which the
// ("organizationId", "status", "createdAt") index serves. Every exclusion is in the query, so
// a number that is not sendable never reaches this process.
async function readSendablePage(
  organizationId: string,
  audienceId: string | null,
  after: SendableRow | null,
  pageSize: number,
): Promise<SendableRow[]> {
  const params: unknown[] = [organizationId, after?.at ?? "-infinity", after?.id ?? "", pageSize];
  let audienceCondition = "";
  if (audienceId) {
    params.push(audienceId);
    audienceCondition = `AND s."audienceId" = $${params.length}`;
  }
  return getConnection().raw.query<SendableRow>(
    `SELECT s."id", ${iso(`s."createdAt"`)} AS "at", s."phone", s."audienceId", a."name" AS "audienceName",
            ${iso(`c."grantedAt"`)} AS "grantedAt", ${iso(`c."confirmedAt"`)} AS "confirmedAt"
       FROM "Subscriber" s
       JOIN "Consent" c ON c."subscriberId" = s."id" AND c."organizationId" = s."organizationId"
                       AND c."purpose" = 'MARKETING'
       JOIN "Audience" a ON a."id" = s."audienceId"
      WHERE s."organizationId" = $1
        AND s."status" = 'CONFIRMED'
        AND s."deletedAt" IS NULL
        AND c."confirmedAt" IS NOT NULL
        AND c."revokedAt" IS NULL
        AND NOT EXISTS (SELECT 1 FROM "Suppression" x
                         WHERE x."organizationId" = s."organizationId" AND x."phone" = s."phone")
        AND s."createdAt" >= $2::timestamptz
        AND (s."createdAt", s."id") > ($2::timestamptz, $3::text)
        ${audienceCondition}
      ORDER BY s."createdAt", s."id"
      LIMIT $4`,
    params,
  );
}

function jsonRecord(row: SendableRow) {
  return {
    phone: row.phone,
    audienceId: row.audienceId,
    audienceName: row.audienceName,
    marketingGrantedAt: row.grantedAt,
    marketingConfirmedAt: row.confirmedAt,
    subscriberId: row.id,
  };
}

function csvRecord(row: SendableRow): string {
  return csvLine([
    csvCell(row.phone),
    csvCell(row.audienceId),
    csvCell(row.audienceName),
    csvCell(row.grantedAt),
    csvCell(row.confirmedAt),
    csvCell(row.id),
  ]);
}
