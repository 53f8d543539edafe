// The form an inbound text joins, when the text is exactly one of the keywords received on the
// sender it reached. One indexed statement (the unique index on the normalized word and the
// sender), run only for texts that are not STOP, START, HELP or YES, so the hot paths never
// pay for it. The form must still be a published signup form whose audience uses that sender
// and that confirms by a YES reply.
import "server-only";
import type { SqlClient } from "@/lib/db/sql";
import { reviveJsonRow } from "@/lib/db/revive-json-row";
import type { Audience, SignupFormVersion } from "@/lib/generated/prisma/client";
import type { InboundRoute } from "@/lib/senders/resolve-inbound-route";
import { keywordForm } from "@/lib/sms/keywords";
import { KEYWORD_MAX_LENGTH } from "./form-keyword-schema";

export interface InboundKeyword {
  keywordId: string;
  /** As configured (shown in calls to action). */
  keyword: string;
  organizationId: string;
  formId: string;
  audience: Audience;
  /** The form's latest published version: what the person is signed up to. */
  version: SignupFormVersion;
}

export async function findInboundKeyword(
  tx: SqlClient,
  body: string,
  route: Exclude<InboundRoute, { kind: "unknown" }>,
): Promise<InboundKeyword | null> {
  const normalized = keywordForm(body);
  if (normalized.length < 2 || normalized.length > KEYWORD_MAX_LENGTH) return null;
  const senderId = route.kind === "sender" ? route.senderId : null;
  // A dev number is one organization's: only its keywords (on the default sender) answer there.
  const onlyOrganization = route.kind === "dev_number" ? route.organizationId : null;
  const [row] = await tx.$queryRaw<
    {
      keywordId: string;
      keyword: string;
      organizationId: string;
      formId: string;
      audienceRow: Record<string, unknown>;
      versionRow: Record<string, unknown> | null;
    }[]
  >`
    SELECT k."id" AS "keywordId", k."keyword", k."organizationId", k."formId",
      row_to_json(a) AS "audienceRow",
      (SELECT row_to_json(v) FROM "SignupFormVersion" v
       WHERE v."formId" = f."id" AND v."publishedAt" IS NOT NULL
       ORDER BY v."version" DESC LIMIT 1) AS "versionRow"
    FROM "FormKeyword" k
    JOIN "SignupForm" f ON f."id" = k."formId"
    JOIN "Audience" a ON a."id" = f."audienceId"
    WHERE k."normalized" = ${normalized} AND COALESCE(k."senderId", '') = ${senderId ?? ""}
      AND f."kind" = 'SIGNUP'::"FormKind"
      AND a."senderId" IS NOT DISTINCT FROM ${senderId}::text
      AND (${onlyOrganization}::text IS NULL OR k."organizationId" = ${onlyOrganization})
    LIMIT 1`;
  if (!row?.versionRow) return null;
  const version = reviveJsonRow<SignupFormVersion>(row.versionRow);
  if (version.verificationMethod === "CODE") return null;
  return {
    keywordId: row.keywordId,
    keyword: row.keyword,
    organizationId: row.organizationId,
    formId: row.formId,
    audience: reviveJsonRow<Audience>(row.audienceRow),
    version,
  };
}
