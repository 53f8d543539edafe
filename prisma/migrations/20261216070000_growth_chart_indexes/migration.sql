-- The growth charts (lib/growth/get-growth-report.ts) count, per day or week of a range, the
-- subscribers who signed up, confirmed and opted out, and marketing grants by source. Each
-- count is a range scan of one of these indexes, with the audience and form carried in the
-- index (INCLUDE), so a chart reads only the index entries of its range (index-only scans),
-- never the organization's whole history. Partial: rows without that date are not indexed.
CREATE INDEX "Subscriber_growth_signups_idx" ON "Subscriber"("organizationId", "createdAt")
  INCLUDE ("audienceId", "formId", "confirmedAt") WHERE "status" <> 'NOT_SUBSCRIBED';
CREATE INDEX "Subscriber_growth_confirmations_idx" ON "Subscriber"("organizationId", "confirmedAt")
  INCLUDE ("audienceId", "formId", "createdAt") WHERE "confirmedAt" IS NOT NULL;
CREATE INDEX "Subscriber_growth_opt_outs_idx" ON "Subscriber"("organizationId", "unsubscribedAt")
  INCLUDE ("audienceId", "formId") WHERE "unsubscribedAt" IS NOT NULL;
CREATE INDEX "Consent_growth_marketing_grants_idx" ON "Consent"("organizationId", "grantedAt")
  INCLUDE ("subscriberId", "grantMethod", "revokedAt") WHERE "purpose" = 'MARKETING';
