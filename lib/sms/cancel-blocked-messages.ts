// Cancels outbound texts that must not go out any more (outbound-rules.ts says why), with a
// `sms.canceled` event on the person's chain, in the caller's transaction. Called where
// consent is withdrawn (STOP, staff, API, deletion: the queued texts of that purpose go in
// the same transaction) and by the outbox when its claim finds a text that is now blocked.
import "server-only";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import type { SqlClient } from "@/lib/db/sql";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ConsentPurpose } from "@/lib/generated/prisma/enums";
import type { CancelReason } from "./cancel-reasons";
import { blockReasonSql } from "./outbound-rules";

export interface CanceledMessage {
  id: string;
  organizationId: string | null;
  kind: string;
  purpose: ConsentPurpose | null;
  reason: CancelReason;
  /** Whose evidence chain records it: the subscriber, or the subscriber a code was for. */
  subscriberId: string | null;
}

export type CancelTarget =
  /** Queued texts to these subscribers (their own, and codes of their verifications). */
  | { subscriberIds: string[] }
  /** One message the outbox holds the lease of; it may be SENDING (looked up: not sent). */
  | { messageId: string; lockedUntil: Date };

export async function cancelBlockedMessages(
  tx: SqlClient,
  target: CancelTarget,
  now = new Date(),
): Promise<CanceledMessage[]> {
  const where =
    "subscriberIds" in target
      ? target.subscriberIds.length === 0
        ? null
        : Prisma.sql`m."status" = 'QUEUED' AND (m."subscriberId" IN (${Prisma.join(target.subscriberIds)})
            OR v."subscriberId" IN (${Prisma.join(target.subscriberIds)}))`
      : Prisma.sql`m."id" = ${target.messageId} AND m."lockedUntil" = ${target.lockedUntil}
            AND m."status" IN ('QUEUED', 'SENDING')`;
  if (!where) return [];
  // A text the provider has a SID for was sent: it is never relabelled as canceled.
  const canceled = await tx.$queryRaw<CanceledMessage[]>`
    WITH "target" AS (
      SELECT m."id", ${blockReasonSql("m")} AS "reason",
             COALESCE(m."subscriberId", v."subscriberId") AS "chainSubscriberId"
      FROM "Message" m LEFT JOIN "VerificationCode" v ON v."id" = m."verificationId"
      WHERE m."direction" = 'OUTBOUND' AND m."sid" IS NULL AND ${where}
      FOR UPDATE OF m
    )
    UPDATE "Message" u
    SET "status" = 'CANCELED', "cancelReason" = t."reason", "lockedUntil" = NULL,
        "nextAttemptAt" = NULL, "statusUpdatedAt" = ${now}
    FROM "target" t
    WHERE u."id" = t."id" AND t."reason" IS NOT NULL
    RETURNING u."id", u."organizationId", u."kind", u."purpose", t."reason",
              t."chainSubscriberId" AS "subscriberId"`;
  for (const message of canceled) {
    if (!message.organizationId || !message.subscriberId) continue;
    await recordEvent(tx, {
      organizationId: message.organizationId,
      subscriberId: message.subscriberId,
      type: "sms.canceled",
      data: {
        messageId: message.id,
        kind: message.kind,
        purpose:
          message.purpose === null
            ? null
            : message.purpose === "MARKETING"
              ? "marketing"
              : "verification",
        reason: message.reason,
      },
      actor: SYSTEM_ACTOR,
      at: now,
    });
  }
  return canceled;
}
