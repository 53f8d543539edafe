-- The growth charts (lib/growth/get-growth-report.ts) count, per day or week of a range, the
-- subscribers who signed up, confirmed and opted out, and their consents' sources. Each
-- count is a range scan of one of these indexes, with the audience and form carried in the
-- index (INCLUDE), so a chart reads only the index entries of its range (index-only scans),
-- never the organization's whole history. Partial: rows without that date are not indexed.
CREATE INDEX "Subscriber_growth_signups_idx" ON "Subscriber"("organizationId", "createdAt")
  INCLUDE ("audienceId", "formId", "confirmedAt") WHERE "status" <> 'NOT_SUBSCRIBED';
CREATE INDEX "Subscriber_growth_confirmations_idx" ON "Subscriber"("organizationId", "confirmedAt")
  INCLUDE ("audienceId", "formId", "createdAt") WHERE "confirmedAt" IS NOT NULL;
CREATE INDEX "Subscriber_growth_opt_outs_idx" ON "Subscriber"("organizationId", "unsubscribedAt")
  INCLUDE ("audienceId", "formId") WHERE "unsubscribedAt" IS NOT NULL;
-- Opt-outs by source: the marketing consent of each subscriber of the range, read from the
-- index alone (its source and whether it was revoked).
CREATE INDEX "Consent_growth_marketing_idx" ON "Consent"("subscriberId")
  INCLUDE ("organizationId", "grantMethod", "revokedAt") WHERE "purpose" = 'MARKETING';
