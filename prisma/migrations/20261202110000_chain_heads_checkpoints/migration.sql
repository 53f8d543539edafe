-- Chain heads (the latest seq and hash of every evidence chain, so that a truncated tail is
-- detected) and append-only organization checkpoints over them.

-- CreateTable
CREATE TABLE "ChainHead" (
    "organizationId" TEXT NOT NULL,
    "chainId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "checkpointedSeq" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChainHead_pkey" PRIMARY KEY ("organizationId","chainId")
);

-- CreateTable
CREATE TABLE "EvidenceCheckpoint" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "prevRoot" TEXT,
    "root" TEXT NOT NULL,
    "leavesSha256" TEXT NOT NULL,
    "chains" INTEGER NOT NULL,
    "events" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "EvidenceCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckpointLeaf" (
    "checkpointId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "chainId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "CheckpointLeaf_pkey" PRIMARY KEY ("checkpointId","chainId")
);

-- AlterTable
ALTER TABLE "DataExport" ADD COLUMN "checkpointId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "EvidenceCheckpoint_organizationId_seq_key" ON "EvidenceCheckpoint"("organizationId", "seq");

-- CreateIndex
CREATE INDEX "CheckpointLeaf_organizationId_chainId_idx" ON "CheckpointLeaf"("organizationId", "chainId");

-- AddForeignKey
ALTER TABLE "ChainHead" ADD CONSTRAINT "ChainHead_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceCheckpoint" ADD CONSTRAINT "EvidenceCheckpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckpointLeaf" ADD CONSTRAINT "CheckpointLeaf_checkpointId_fkey" FOREIGN KEY ("checkpointId") REFERENCES "EvidenceCheckpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_checkpointId_fkey" FOREIGN KEY ("checkpointId") REFERENCES "EvidenceCheckpoint"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Every existing chain gets its head: its last event.
INSERT INTO "ChainHead" ("organizationId", "chainId", "seq", "hash", "updatedAt")
SELECT DISTINCT ON ("organizationId", "chainId") "organizationId", "chainId", "seq", "hash", now()
FROM "ConsentEvent"
ORDER BY "organizationId", "chainId", "seq" DESC;

-- Checkpoints are evidence too: never changed, never removed (optline_refuse_change: init).
CREATE TRIGGER "EvidenceCheckpoint_append_only"
  BEFORE UPDATE OR DELETE ON "EvidenceCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION "optline_refuse_change"('evidence checkpoints are append-only');

CREATE TRIGGER "EvidenceCheckpoint_no_truncate"
  BEFORE TRUNCATE ON "EvidenceCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION "optline_refuse_change"('evidence checkpoints are append-only');

CREATE TRIGGER "CheckpointLeaf_append_only"
  BEFORE UPDATE OR DELETE ON "CheckpointLeaf"
  FOR EACH ROW EXECUTE FUNCTION "optline_refuse_change"('evidence checkpoints are append-only');

CREATE TRIGGER "CheckpointLeaf_no_truncate"
  BEFORE TRUNCATE ON "CheckpointLeaf"
  FOR EACH STATEMENT EXECUTE FUNCTION "optline_refuse_change"('evidence checkpoints are append-only');
