-- CreateEnum
CREATE TYPE "VerificationMethod" AS ENUM ('SMS_REPLY', 'CODE', 'BOTH');

-- CreateEnum
CREATE TYPE "FormKind" AS ENUM ('SIGNUP', 'ENROLLMENT');

-- CreateEnum
CREATE TYPE "VerificationStatus" AS ENUM ('PENDING', 'APPROVED', 'EXPIRED', 'FAILED', 'CANCELED');

-- AlterTable
ALTER TABLE "SignupForm" ADD COLUMN     "kind" "FormKind" NOT NULL DEFAULT 'SIGNUP';

-- AlterTable
ALTER TABLE "SignupFormVersion" ADD COLUMN     "allowedCountries" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "codeExpiryMinutes" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "transliterate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "verificationConsentText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "verificationMethod" "VerificationMethod" NOT NULL DEFAULT 'SMS_REPLY';

-- AlterTable
ALTER TABLE "Subscriber" ADD COLUMN     "deletedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "DataExport" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "filters" JSONB NOT NULL,
    "status" TEXT NOT NULL,
    "rowCount" INTEGER,
    "sha256" TEXT,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "actorName" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "DataExport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationCode" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "subscriberId" TEXT,
    "formId" TEXT,
    "phone" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "providerSid" TEXT,
    "channel" TEXT NOT NULL DEFAULT 'sms',
    "codeHash" TEXT,
    "sequence" INTEGER NOT NULL,
    "status" "VerificationStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sends" INTEGER NOT NULL DEFAULT 1,
    "lastSentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "approvedAt" TIMESTAMPTZ(3),
    "marketingConsentRequested" BOOLEAN NOT NULL DEFAULT false,
    "ip" TEXT,
    "userAgent" TEXT,
    "pageUrl" TEXT,
    "referrer" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskEvent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "formId" TEXT,
    "type" TEXT NOT NULL,
    "ip" TEXT,
    "phone" TEXT,
    "country" TEXT,
    "prefix" TEXT,
    "errorCode" INTEGER,
    "detail" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskBlock" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RiskBlock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataExport_organizationId_startedAt_idx" ON "DataExport"("organizationId", "startedAt");

-- CreateIndex
CREATE INDEX "VerificationCode_phone_createdAt_idx" ON "VerificationCode"("phone", "createdAt");

-- CreateIndex
CREATE INDEX "VerificationCode_organizationId_createdAt_idx" ON "VerificationCode"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskEvent_organizationId_createdAt_idx" ON "RiskEvent"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskEvent_organizationId_type_createdAt_idx" ON "RiskEvent"("organizationId", "type", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RiskBlock_organizationId_kind_value_key" ON "RiskBlock"("organizationId", "kind", "value");

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationCode" ADD CONSTRAINT "VerificationCode_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VerificationCode" ADD CONSTRAINT "VerificationCode_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskEvent" ADD CONSTRAINT "RiskEvent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskBlock" ADD CONSTRAINT "RiskBlock_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

