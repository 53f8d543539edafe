// The delivery queue's two statements, with the SMS outbox's guarantees: a claim leases due
// deliveries (FOR UPDATE SKIP LOCKED: any number of servers share the queue; a lease that
// runs out, because the process died mid-delivery, makes the row due again, so delivery is
// at least once), and the outcome is written only under the lease that claimed it, in one
// statement: the delivery, its attempt in the log, and its endpoint's failure count (which
// turns the endpoint off after repeated failure).
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { DeliveryFacts } from "./webhook-payload";
import { TEST_EVENT_TYPE } from "./webhook-events";
import { DISABLE_AFTER_FAILING_MS, DISABLE_AFTER_FAILURES } from "./webhook-retry";

export const WEBHOOK_LEASE_SECONDS = 60;

export interface ClaimedDelivery extends DeliveryFacts {
  url: string;
  secretEncrypted: string;
  attempts: number;
  lockedUntil: Date;
  retryUntil: Date;
}

interface ClaimRow {
  id: string;
  organizationId: string;
  endpointId: string;
  eventType: string;
  attempts: number;
  lockedUntil: Date;
  retryUntil: Date;
  createdAt: Date;
  url: string;
  secretEncrypted: string;
  eventId: string | null;
  evidenceType: string | null;
  seq: number | null;
  hash: string | null;
  evidenceData: unknown;
  recordedAt: Date | null;
  subscriberId: string | null;
  phone: string | null;
  country: string | null;
  audienceId: string | null;
}

/** Leases up to `limit` due deliveries of enabled endpoints (or the one with `id`), with their facts. */
export async function claimWebhookDeliveries(
  id: string | null,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const rows = await db.$queryRaw<ClaimRow[]>`
    WITH "claimed" AS (
      UPDATE "WebhookDelivery" AS d
      SET "lockedUntil" = now() + ${WEBHOOK_LEASE_SECONDS}::int * interval '1 second',
          "attempts" = d."attempts" + 1
      WHERE d."id" IN (
        SELECT q."id" FROM "WebhookDelivery" q
        JOIN "WebhookEndpoint" e ON e."id" = q."endpointId"
        WHERE q."status" = 'PENDING'
          AND (q."lockedUntil" IS NULL OR q."lockedUntil" < now())
          AND (e."enabled" OR q."eventType" = ${TEST_EVENT_TYPE})
          -- The worker takes what is due; a named delivery was reserved for its caller.
          AND CASE WHEN ${id}::text IS NULL THEN q."nextAttemptAt" <= now() ELSE q."id" = ${id} END
        ORDER BY q."nextAttemptAt"
        LIMIT ${limit}
        FOR UPDATE OF q SKIP LOCKED
      )
      RETURNING d.*
    )
    SELECT c."id", c."organizationId", c."endpointId", c."eventType", c."attempts",
      c."lockedUntil", c."retryUntil", c."createdAt", e."url", e."secretEncrypted",
      ev."id" AS "eventId", ev."type" AS "evidenceType", ev."seq", ev."hash",
      ev."data" AS "evidenceData", ev."createdAt" AS "recordedAt",
      s."id" AS "subscriberId", s."phone", s."country", s."audienceId"
    FROM "claimed" c
    JOIN "WebhookEndpoint" e ON e."id" = c."endpointId"
    LEFT JOIN "ConsentEvent" ev ON ev."id" = c."consentEventId"
    LEFT JOIN "Subscriber" s ON s."id" = ev."subscriberId"`;
  return rows.map((row) => ({
    deliveryId: row.id,
    organizationId: row.organizationId,
    endpointId: row.endpointId,
    eventType: row.eventType,
    createdAt: row.createdAt,
    url: row.url,
    secretEncrypted: row.secretEncrypted,
    attempts: row.attempts,
    lockedUntil: row.lockedUntil,
    retryUntil: row.retryUntil,
    evidence:
      row.eventId && row.evidenceType && row.seq !== null && row.hash && row.recordedAt
        ? {
            id: row.eventId,
            type: row.evidenceType,
            seq: row.seq,
            hash: row.hash,
            data: row.evidenceData,
            createdAt: row.recordedAt,
          }
        : null,
    subscriber:
      row.subscriberId && row.phone && row.country && row.audienceId
        ? {
            id: row.subscriberId,
            phone: row.phone,
            country: row.country,
            audienceId: row.audienceId,
          }
        : null,
  }));
}

export interface DeliveryOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  body: string | null;
  durationMs: number;
  attemptedAt: Date;
  /** On failure: when to try again, or null to give up. */
  retryAt: Date | null;
}

/**
 * Writes one attempt's outcome if the lease is still ours. Returns whether it was written
 * and whether this failure turned the endpoint off.
 */
export async function recordWebhookOutcome(
  delivery: ClaimedDelivery,
  outcome: DeliveryOutcome,
): Promise<{ recorded: boolean; endpointDisabled: boolean }> {
  const status = outcome.ok ? "SUCCEEDED" : outcome.retryAt ? "PENDING" : "FAILED";
  const countsForEndpoint = delivery.eventType !== TEST_EVENT_TYPE;
  const at = outcome.attemptedAt;
  const disableBefore = new Date(at.getTime() - DISABLE_AFTER_FAILING_MS);
  // Turned off by this failure: enabled, N failures in a row with this one, none succeeded
  // for the whole window.
  const disableNow = Prisma.sql`e."enabled" AND NOT ${outcome.ok}::boolean
    AND e."consecutiveFailures" + 1 >= ${DISABLE_AFTER_FAILURES}::int
    AND COALESCE(e."failingSince", ${at}::timestamptz) <= ${disableBefore}::timestamptz`;
  const rows = await db.$queryRaw<{ recorded: boolean; disabled: boolean | null }[]>`
    WITH "delivery" AS (
      UPDATE "WebhookDelivery"
      SET "status" = ${status}::"WebhookDeliveryStatus",
          "nextAttemptAt" = COALESCE(${outcome.retryAt}::timestamptz, "nextAttemptAt"),
          "lockedUntil" = NULL, "lastAttemptAt" = ${at}::timestamptz,
          "lastResponseStatus" = ${outcome.status}::int, "lastError" = ${outcome.error},
          "deliveredAt" = CASE WHEN ${outcome.ok}::boolean THEN ${at}::timestamptz ELSE "deliveredAt" END
      WHERE "id" = ${delivery.deliveryId} AND "lockedUntil" = ${delivery.lockedUntil}::timestamptz
      RETURNING "id", "endpointId"
    ), "attempt" AS (
      INSERT INTO "WebhookAttempt" ("id", "organizationId", "deliveryId", "attemptedAt",
        "durationMs", "responseStatus", "error", "responseBody")
      SELECT gen_random_uuid()::text, ${delivery.organizationId}, "id", ${at}::timestamptz,
        ${outcome.durationMs}::int, ${outcome.status}::int, ${outcome.error},
        ${outcome.body === null ? null : outcome.body.slice(0, 1024)}
      FROM "delivery"
    ), "endpoint" AS (
      UPDATE "WebhookEndpoint" e
      SET "consecutiveFailures" = CASE WHEN ${outcome.ok}::boolean THEN 0 ELSE e."consecutiveFailures" + 1 END,
          "failingSince" = CASE WHEN ${outcome.ok}::boolean THEN NULL
            ELSE COALESCE(e."failingSince", ${at}::timestamptz) END,
          "enabled" = e."enabled" AND NOT (${disableNow}),
          "disabledReason" = CASE WHEN ${disableNow} THEN 'failing' ELSE e."disabledReason" END,
          "disabledAt" = CASE WHEN ${disableNow} THEN ${at}::timestamptz ELSE e."disabledAt" END,
          "updatedAt" = now()
      FROM "delivery" d
      WHERE e."id" = d."endpointId" AND ${countsForEndpoint}::boolean
        -- A success on a healthy endpoint writes nothing: no hot row under load.
        AND (NOT ${outcome.ok}::boolean OR e."consecutiveFailures" > 0)
      RETURNING NOT e."enabled" AND e."disabledAt" = ${at}::timestamptz AS "disabledNow"
    )
    SELECT EXISTS (SELECT 1 FROM "delivery") AS "recorded",
      EXISTS (SELECT 1 FROM "endpoint" WHERE "disabledNow") AS "disabled"`;
  const row = rows[0];
  return { recorded: row?.recorded ?? false, endpointDisabled: row?.disabled ?? false };
}
