-- Text-to-join keywords (issue 12): a signup form's keywords, unique per sender. The
-- installation's default sender (senderId NULL) is one sender shared by every organization, so
-- uniqueness is on COALESCE("senderId", ''): an expression index that schema.prisma cannot
-- state (see the comment on FormKeyword there).

-- CreateTable
CREATE TABLE "FormKeyword" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "formId" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    "senderId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormKeyword_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FormKeyword_formId_idx" ON "FormKeyword"("formId");

-- CreateIndex
CREATE INDEX "FormKeyword_organizationId_idx" ON "FormKeyword"("organizationId");

-- CreateIndex
CREATE INDEX "FormKeyword_senderId_idx" ON "FormKeyword"("senderId");

-- One keyword per sender; also the index an inbound text's lookup uses.
CREATE UNIQUE INDEX "FormKeyword_sender_normalized_key"
    ON "FormKeyword"("normalized", (COALESCE("senderId", '')));

-- AddForeignKey
ALTER TABLE "FormKeyword" ADD CONSTRAINT "FormKeyword_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormKeyword" ADD CONSTRAINT "FormKeyword_formId_fkey" FOREIGN KEY ("formId") REFERENCES "SignupForm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FormKeyword" ADD CONSTRAINT "FormKeyword_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "Sender"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
