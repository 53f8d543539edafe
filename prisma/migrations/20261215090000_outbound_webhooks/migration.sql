-- Signed outbound webhooks: endpoints per organization, a durable delivery queue filled by a
-- trigger on ConsentEvent (in the transaction that records the evidence), and the log of
-- every attempt.

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "eventTypes" TEXT[],
    "secretEncrypted" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabledReason" TEXT,
    "disabledAt" TIMESTAMPTZ(3),
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "failingSince" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "consentEventId" TEXT,
    "status" "WebhookDeliveryStatus" NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL,
    "lockedUntil" TIMESTAMPTZ(3),
    "retryUntil" TIMESTAMPTZ(3) NOT NULL,
    "lastAttemptAt" TIMESTAMPTZ(3),
    "lastResponseStatus" INTEGER,
    "lastError" TEXT,
    "deliveredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookAttempt" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "attemptedAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "responseStatus" INTEGER,
    "error" TEXT,
    "responseBody" TEXT,

    CONSTRAINT "WebhookAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookEndpoint_organizationId_idx" ON "WebhookEndpoint"("organizationId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_createdAt_idx" ON "WebhookDelivery"("endpointId", "createdAt");

-- CreateIndex
CREATE INDEX "WebhookAttempt_deliveryId_attemptedAt_idx" ON "WebhookAttempt"("deliveryId", "attemptedAt");

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookAttempt" ADD CONSTRAINT "WebhookAttempt_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "WebhookDelivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Written by hand (Prisma's schema language cannot express these).

-- Which webhook events a consent event is, by its type (and, for some, its data). The same
-- table is in lib/webhooks/webhook-events.ts (EVIDENCE_TO_WEBHOOK_EVENTS), where a test holds
-- the two together. subscriber.erased has no producer yet.
CREATE FUNCTION "optline_webhook_event_types"(event_type TEXT, data JSONB) RETURNS TEXT[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE event_type
    WHEN 'signup.submitted' THEN
      CASE WHEN data->>'outcome' = 'pending'
        THEN ARRAY['subscriber.pending', 'consent.granted'] ELSE ARRAY[]::TEXT[] END
    WHEN 'marketing.granted' THEN
      -- Enrollment grants are confirmed by the same code (marketing.confirmed follows);
      -- staff and API grants make the number pending until it replies YES.
      CASE WHEN data->>'method' = 'enrollment'
        THEN ARRAY['consent.granted'] ELSE ARRAY['subscriber.pending', 'consent.granted'] END
    WHEN 'marketing.confirmed' THEN ARRAY['subscriber.confirmed']
    WHEN 'subscriber.added' THEN ARRAY['subscriber.confirmed', 'consent.granted']
    WHEN 'marketing.revoked' THEN ARRAY['subscriber.unsubscribed', 'consent.revoked']
    WHEN 'marketing.regranted' THEN ARRAY['subscriber.resubscribed', 'consent.granted']
    WHEN 'subscriber.deleted' THEN ARRAY['subscriber.unsubscribed']
    WHEN 'verification.granted' THEN ARRAY['consent.granted']
    WHEN 'verification.revoked' THEN ARRAY['consent.revoked']
    ELSE ARRAY[]::TEXT[]
  END
$$;

-- One delivery per matching enabled endpoint, in the transaction of the evidence: an event
-- is never lost and never sent for evidence that rolled back, and the request that records
-- it makes no extra round trip. An organization without endpoints pays one index probe.
-- Retries stop 3 days after it was queued (WEBHOOK_RETRY_WINDOW_MS in lib/webhooks).
CREATE FUNCTION "optline_queue_webhooks"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  types TEXT[] := "optline_webhook_event_types"(NEW."type", NEW."data");
BEGIN
  IF cardinality(types) = 0 THEN
    RETURN NULL;
  END IF;
  INSERT INTO "WebhookDelivery" ("id", "organizationId", "endpointId", "eventType",
    "consentEventId", "status", "nextAttemptAt", "retryUntil", "createdAt")
  SELECT 'msg_' || replace(gen_random_uuid()::TEXT, '-', ''), NEW."organizationId", e."id",
    t."type", NEW."id", 'PENDING', now(), now() + interval '3 days', now()
  FROM "WebhookEndpoint" e CROSS JOIN unnest(types) AS t("type")
  WHERE e."organizationId" = NEW."organizationId" AND e."enabled"
    AND t."type" = ANY (e."eventTypes");
  RETURN NULL;
END
$$;

CREATE TRIGGER "ConsentEvent_queue_webhooks"
  AFTER INSERT ON "ConsentEvent"
  FOR EACH ROW EXECUTE FUNCTION "optline_queue_webhooks"();
