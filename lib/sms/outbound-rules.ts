// What each kind of outbound text relies on, and when it must not go out. The rule is one SQL
// expression, evaluated against the person's state at that moment: inside the outbox claim,
// again in the statement that marks a send as started (so nothing that changed in between
// slips through), and before a Twilio Verify send, which does not go through the outbox.
//
// A reply (TwiML answer to the person's own text, the STOP confirmation included) has no
// purpose and is never queued: it answers the person and always goes out. A queued text
// without a purpose (older rows) is held to suppression and deletion only.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ConsentPurpose } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db/client";
import type { DbClient } from "@/lib/db/types";
import type { CancelReason } from "./cancel-reasons";

export type OutboundKind = "confirmation" | "notice" | "code" | "reply";
export type CodePurpose = "signup" | "enrollment" | "portal";

/** Every kind with its consent purpose and, in words, when it may be sent. */
export const OUTBOUND_RULES = {
  confirmation: {
    purpose: "MARKETING",
    rule: "“Reply YES” request: only while the signup is pending and its marketing consent stands.",
  },
  notice: {
    purpose: "MARKETING",
    rule: "“Already subscribed” and welcome texts: only while marketing consent stands.",
  },
  signupCode: {
    purpose: "MARKETING",
    rule: "Code that confirms a marketing signup: only while that consent stands and the code is the current one.",
  },
  enrollmentCode: {
    purpose: "VERIFICATION",
    rule: "Code the person asked for on a 2FA form: unless 2FA consent was withdrawn after it was queued, or the code is no longer current.",
  },
  portalCode: {
    purpose: null,
    rule: "Code the person asked for to open the privacy portal: always (it serves their own rights), unless the number is suppressed.",
  },
  reply: {
    purpose: null,
    rule: "Answer to the person's own text (HELP, STOP confirmation…): always.",
  },
} as const satisfies Record<string, { purpose: ConsentPurpose | null; rule: string }>;

/** The purpose stored on an outbound message of this kind. */
export function purposeOf(kind: OutboundKind, codePurpose?: CodePurpose): ConsentPurpose | null {
  if (kind === "code") {
    if (codePurpose === "portal") return OUTBOUND_RULES.portalCode.purpose;
    return codePurpose === "signup"
      ? OUTBOUND_RULES.signupCode.purpose
      : OUTBOUND_RULES.enrollmentCode.purpose;
  }
  return OUTBOUND_RULES[kind].purpose;
}

/**
 * The first reason the message aliased `m` must not be sent now, or NULL. `m` needs the
 * columns "organizationId", "to", "subscriberId", "verificationId", "purpose", "kind",
 * "createdAt" (a Message row, or a VALUES row for a send outside the outbox).
 */
export function blockReasonSql(m: string): Prisma.Sql {
  const a = Prisma.raw(`"${m}"`);
  return Prisma.sql`(
    SELECT CASE
      WHEN EXISTS (SELECT 1 FROM "Suppression" x
                   WHERE x."organizationId" = ${a}."organizationId" AND x."phone" = ${a}."to")
        THEN 'suppressed'
      WHEN s."deletedAt" IS NOT NULL THEN 'subscriber_deleted'
      WHEN ${a}."purpose" IS NULL THEN NULL
      WHEN v."id" IS NOT NULL AND (v."status" <> 'PENDING' OR v."expiresAt" <= now())
        THEN 'code_not_current'
      WHEN ${a}."purpose" = 'MARKETING' AND cm."revokedAt" IS NOT NULL THEN 'marketing_revoked'
      WHEN ${a}."purpose" = 'MARKETING' AND cm."grantedAt" IS NULL THEN 'no_marketing_consent'
      WHEN ${a}."purpose" = 'MARKETING' AND s."status" = 'UNSUBSCRIBED' THEN 'unsubscribed'
      WHEN ${a}."kind" = 'confirmation' AND s."status" <> 'PENDING' THEN 'not_pending'
      WHEN ${a}."purpose" = 'VERIFICATION' AND cv."revokedAt" > ${a}."createdAt"
        THEN 'verification_revoked'
      ELSE NULL
    END
    FROM (SELECT 1) AS "one"
    LEFT JOIN "VerificationCode" v ON v."id" = ${a}."verificationId"
    LEFT JOIN "Subscriber" s ON s."id" = COALESCE(${a}."subscriberId", v."subscriberId")
    LEFT JOIN "Consent" cm ON cm."subscriberId" = s."id" AND cm."purpose" = 'MARKETING'
    LEFT JOIN "Consent" cv ON cv."subscriberId" = s."id" AND cv."purpose" = 'VERIFICATION'
  )`;
}

export interface OutboundCheck {
  organizationId: string;
  to: string;
  subscriberId: string | null;
  verificationId: string | null;
  kind: OutboundKind;
  purpose: ConsentPurpose | null;
}

/** The same rule for a text about to be sent outside the outbox (Twilio Verify). */
export async function outboundBlockReason(
  check: OutboundCheck,
  client: DbClient = db,
): Promise<CancelReason | null> {
  const [row] = await client.$queryRaw<{ reason: CancelReason | null }[]>`
    SELECT ${blockReasonSql("m")} AS "reason"
    FROM (VALUES (${check.organizationId}, ${check.to}, ${check.subscriberId}::text,
                  ${check.verificationId}::text, ${check.purpose}::"ConsentPurpose",
                  ${check.kind}, now())) AS "m"("organizationId", "to", "subscriberId",
                  "verificationId", "purpose", "kind", "createdAt")`;
  return row?.reason ?? null;
}
