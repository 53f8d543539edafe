-- Outbox safety: a text is checked against the person's consent right before it is sent and
-- canceled (with a reason) when it must not go out; a send that has started is marked, so
-- that a message the provider may already have accepted is looked up there before any resend.

-- AlterEnum (new values are not used in this migration: PostgreSQL allows that in a transaction)
ALTER TYPE "MessageStatus" ADD VALUE 'SENDING' AFTER 'QUEUED';
ALTER TYPE "MessageStatus" ADD VALUE 'CANCELED';

-- AlterTable
ALTER TABLE "Message" ADD COLUMN "purpose" "ConsentPurpose",
ADD COLUMN "verificationId" TEXT,
ADD COLUMN "sendStartedAt" TIMESTAMPTZ(3),
ADD COLUMN "cancelReason" TEXT;

-- Existing outbound texts get the purpose their kind implies (codes: that of their verification,
-- which is unknown for old rows: verification, the narrower one).
UPDATE "Message" SET "purpose" = 'MARKETING'
WHERE "direction" = 'OUTBOUND' AND "kind" IN ('confirmation', 'notice');
UPDATE "Message" SET "purpose" = 'VERIFICATION'
WHERE "direction" = 'OUTBOUND' AND "kind" = 'code';

-- CreateIndex
CREATE INDEX "Message_verificationId_idx" ON "Message"("verificationId");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_verificationId_fkey" FOREIGN KEY ("verificationId") REFERENCES "VerificationCode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
