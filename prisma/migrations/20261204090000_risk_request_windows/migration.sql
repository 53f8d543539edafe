-- The SMS pumping detectors (lib/risk/read-risk-state.ts) read the last hour's signups and
-- code sends from one IP or one number prefix. These indexes serve exactly those reads, so
-- their cost follows the traffic of that IP or prefix, not the organization's history.
-- left(..., 6) is phonePrefix() in lib/risk/record-risk-event.ts: "+" and five digits.
CREATE INDEX "ConsentEvent_signup_ip_idx" ON "ConsentEvent"("organizationId", "ip", "createdAt")
  WHERE "type" = 'signup.submitted';
CREATE INDEX "ConsentEvent_signup_prefix_idx" ON "ConsentEvent"("organizationId", left("data"->>'phone', 6), "createdAt")
  WHERE "type" = 'signup.submitted';
CREATE INDEX "VerificationCode_organizationId_ip_lastSentAt_idx" ON "VerificationCode"("organizationId", "ip", "lastSentAt");
CREATE INDEX "VerificationCode_prefix_lastSentAt_idx" ON "VerificationCode"("organizationId", left("phone", 6), "lastSentAt");
