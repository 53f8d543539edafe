-- Senders per organization (issue 12): an organization's own Twilio account and numbers, the
-- audiences that use them, the sender of each message, a shared send-rate token bucket per
-- sender, and a dev number per organization for the dev SMS provider.

-- CreateEnum
CREATE TYPE "SenderNumberType" AS ENUM ('LONG_CODE', 'TOLL_FREE', 'SHORT_CODE', 'MESSAGING_SERVICE');

-- CreateTable
CREATE TABLE "Sender" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "accountSid" TEXT NOT NULL,
    "authTokenSealed" TEXT NOT NULL,
    "authTokenLast4" TEXT NOT NULL,
    "apiKeySid" TEXT,
    "apiKeySecretSealed" TEXT,
    "messagingServiceSid" TEXT,
    "numberType" "SenderNumberType" NOT NULL DEFAULT 'LONG_CODE',
    "messagesPerSecond" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Sender_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SenderNumber" (
    "id" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "accountSid" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SenderNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SendRateBucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "refilledAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SendRateBucket_pkey" PRIMARY KEY ("key")
);

-- AlterTable
ALTER TABLE "Audience" ADD COLUMN "senderId" TEXT;

-- AlterTable
ALTER TABLE "Message" ADD COLUMN "senderId" TEXT;

-- A dev number per organization, existing ones included (a volatile default is evaluated per row).
CREATE SEQUENCE "DevSmsNumberSeq";
ALTER TABLE "Organization" ADD COLUMN "devSmsNumber" TEXT NOT NULL
    DEFAULT ('+1500'::text || lpad((nextval('"DevSmsNumberSeq"'::regclass))::text, 7, '0'::text));

-- CreateIndex
CREATE UNIQUE INDEX "Organization_devSmsNumber_key" ON "Organization"("devSmsNumber");

-- CreateIndex
CREATE INDEX "Sender_accountSid_idx" ON "Sender"("accountSid");

-- CreateIndex
CREATE UNIQUE INDEX "Sender_organizationId_name_key" ON "Sender"("organizationId", "name");

-- CreateIndex
CREATE INDEX "SenderNumber_senderId_idx" ON "SenderNumber"("senderId");

-- CreateIndex
CREATE UNIQUE INDEX "SenderNumber_accountSid_phone_key" ON "SenderNumber"("accountSid", "phone");

-- CreateIndex
CREATE INDEX "Audience_senderId_idx" ON "Audience"("senderId");

-- CreateIndex
CREATE INDEX "Message_senderId_status_idx" ON "Message"("senderId", "status");

-- AddForeignKey
ALTER TABLE "Sender" ADD CONSTRAINT "Sender_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SenderNumber" ADD CONSTRAINT "SenderNumber_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "Sender"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Audience" ADD CONSTRAINT "Audience_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "Sender"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "Sender"("id") ON DELETE SET NULL ON UPDATE CASCADE;
