-- Custom fields mapped from CSV import columns (lib/subscribers/column-mapping.ts). A constant
-- default: adding the column rewrites no rows.
ALTER TABLE "Subscriber" ADD COLUMN "customFields" JSONB NOT NULL DEFAULT '{}';
-- The sending-list export names one column per custom field: it finds the names among the
-- subscribers that have any, which this partial index lists without reading the others.
CREATE INDEX "Subscriber_custom_fields_idx" ON "Subscriber"("organizationId", "audienceId")
  WHERE "customFields" <> '{}'::jsonb;
