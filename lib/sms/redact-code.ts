// Verification codes are secrets: stored as HMACs, and the SMS that carried one keeps it in
// plain text only while it may still need sending. After a real provider accepted it, the
// stored body is redacted at once; the dev provider's inbox (the Dev phone reads it) keeps it
// until no code can still be valid.
import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";

/** Longest a code can live (10 min) plus a margin. */
export const DEV_CODE_RETENTION_MINUTES = 15;

/** A message's body with every "123 456" in it (the codes' format) masked, as SQL. */
export const REDACTED_CODE_BODY_SQL = Prisma.sql`regexp_replace("body", '[0-9]{3} [0-9]{3}', '••• •••', 'g')`;

/** Redacts code SMS that are sent and older than the retention; returns how many. */
export async function scrubSentCodes(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - DEV_CODE_RETENTION_MINUTES * 60_000);
  return db.$executeRaw`
    UPDATE "Message" SET "body" = ${REDACTED_CODE_BODY_SQL}
    WHERE "kind" = 'code' AND "direction" = 'OUTBOUND' AND "status" NOT IN ('QUEUED', 'SENDING')
      AND "createdAt" < ${cutoff} AND "body" ~ '[0-9]{3} [0-9]{3}'`;
}
