-- Privacy requests (access, withdrawal, erasure) with their queue, erasure by redaction of
-- the evidence, erased numbers suppressed by hash, and the organization's privacy settings.

-- CreateEnum
CREATE TYPE "PrivacyRequestKind" AS ENUM ('ACCESS', 'WITHDRAWAL', 'ERASURE');

-- CreateEnum
CREATE TYPE "PrivacyRequestChannel" AS ENUM ('PORTAL', 'WITHDRAW_LINK', 'STAFF', 'RETENTION');

-- CreateEnum
CREATE TYPE "PrivacyRequestStatus" AS ENUM ('OPEN', 'AWAITING_APPROVAL', 'COMPLETED', 'REJECTED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "erasureNeedsApproval" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "pendingRetentionDays" INTEGER NOT NULL DEFAULT 30;

-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN "erasedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ConsentEvent" ADD COLUMN "erasedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Suppression" ALTER COLUMN "phone" DROP NOT NULL,
ADD COLUMN "phoneHash" TEXT;

-- CreateTable
CREATE TABLE "PrivacyRequest" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" "PrivacyRequestKind" NOT NULL,
    "channel" "PrivacyRequestChannel" NOT NULL,
    "status" "PrivacyRequestStatus" NOT NULL,
    "phoneHash" TEXT,
    "phoneSealed" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "ip" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "handledById" TEXT,
    "handledAt" TIMESTAMPTZ(3),
    "note" TEXT,

    CONSTRAINT "PrivacyRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PrivacyRequest_organizationId_status_createdAt_idx" ON "PrivacyRequest"("organizationId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "PrivacyRequest_organizationId_phoneHash_idx" ON "PrivacyRequest"("organizationId", "phoneHash");

-- CreateIndex
CREATE UNIQUE INDEX "Suppression_organizationId_phoneHash_key" ON "Suppression"("organizationId", "phoneHash");

-- AddForeignKey
ALTER TABLE "PrivacyRequest" ADD CONSTRAINT "PrivacyRequest_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Written by hand (Prisma's schema language cannot express these).

ALTER TABLE "Suppression" ADD CONSTRAINT "Suppression_phone_or_hash"
  CHECK ("phone" IS NOT NULL OR "phoneHash" IS NOT NULL);

-- Evidence stays append-only, with one exception: erasure (GDPR Art. 17). After a
-- subscriber.erased event has been appended to a chain, the earlier events of that chain may
-- have their personal fields replaced (data, actorName, ip and userAgent emptied), once, by
-- setting "erasedAt". Nothing that places or links an event (id, chain, seq, hashes, type,
-- actor, time) may change, no row may be deleted, and the erasure event itself never changes.
-- The erasure event carries a digest of each redacted row (lib/privacy/redact-event.ts), so
-- verification still covers everything that remains.
CREATE FUNCTION "optline_consent_event_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."erasedAt" IS NULL AND NEW."erasedAt" IS NOT NULL
     AND NEW."id" = OLD."id"
     AND NEW."organizationId" = OLD."organizationId"
     AND NEW."subscriberId" IS NOT DISTINCT FROM OLD."subscriberId"
     AND NEW."chainId" = OLD."chainId"
     AND NEW."seq" = OLD."seq"
     AND NEW."prevHash" IS NOT DISTINCT FROM OLD."prevHash"
     AND NEW."hash" = OLD."hash"
     AND NEW."type" = OLD."type"
     AND NEW."type" <> 'subscriber.erased'
     AND NEW."actorType" = OLD."actorType"
     AND NEW."actorId" IS NOT DISTINCT FROM OLD."actorId"
     AND NEW."createdAt" = OLD."createdAt"
     AND NEW."ip" IS NULL AND NEW."userAgent" IS NULL
     AND EXISTS (SELECT 1 FROM "ConsentEvent" e
                 WHERE e."organizationId" = OLD."organizationId" AND e."chainId" = OLD."chainId"
                   AND e."type" = 'subscriber.erased' AND e."seq" > OLD."seq") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% on "%" is not allowed: consent events are append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

DROP TRIGGER "ConsentEvent_append_only" ON "ConsentEvent";

CREATE TRIGGER "ConsentEvent_append_only"
  BEFORE UPDATE OR DELETE ON "ConsentEvent"
  FOR EACH ROW EXECUTE FUNCTION "optline_consent_event_guard"();

-- An erasure produces the subscriber.erased webhook event (lib/webhooks/webhook-events.ts).
CREATE OR REPLACE FUNCTION "optline_webhook_event_types"(event_type TEXT, data JSONB) RETURNS TEXT[]
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
    WHEN 'subscriber.erased' THEN ARRAY['subscriber.erased']
    ELSE ARRAY[]::TEXT[]
  END
$$;
