// Which sender an inbound text reached, from the receiving number (To) and the Twilio account
// (AccountSid), before anything else: the signature is checked with that account's auth token,
// and the keywords act only on the audiences of that sender. One indexed statement.
//
//   - a number of an organization's sender on that account: that sender (its organization, its
//     audiences);
//   - the installation's default sender (TWILIO_FROM_NUMBER on TWILIO_ACCOUNT_SID, any number of
//     TWILIO_MESSAGING_SERVICE_SID, DEV_SMS_FROM_NUMBER with the dev provider): the audiences
//     without a sender of their own, in every organization that uses it (carriers see one sender);
//   - with the dev provider, an organization's own dev number: that organization's audiences
//     without a sender of their own;
//   - anything else: unknown. The text is recorded and nothing changes.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { webhookAuthToken } from "@/lib/sms/twilio-signature";
import { senderAuthToken } from "./sender-client";

export type InboundRoute =
  | { kind: "sender"; senderId: string; organizationId: string }
  | { kind: "default" }
  | { kind: "dev_number"; organizationId: string }
  | { kind: "unknown" };

export interface ResolvedInboundRoute {
  route: InboundRoute;
  /** The auth token X-Twilio-Signature is checked with. */
  authToken: string;
}

interface RouteRow {
  kind: "sender" | "dev";
  senderId: string | null;
  organizationId: string;
  authTokenSealed: string | null;
  matches: boolean;
}

export async function resolveInboundRoute(params: {
  To?: string;
  AccountSid?: string;
}): Promise<ResolvedInboundRoute> {
  const env = getEnv();
  const to = params.To ?? "";
  const accountSid = params.AccountSid ?? "";
  const dev = env.smsProvider === "dev";
  // Senders on that account, the one that owns `To` first; with the dev provider, the
  // organization whose dev number `To` is.
  const rows = await db.$queryRaw<RouteRow[]>`
    (SELECT 'sender' AS "kind", s."id" AS "senderId", s."organizationId", s."authTokenSealed",
       (n."id" IS NOT NULL) AS "matches"
     FROM "Sender" s
     LEFT JOIN "SenderNumber" n
       ON n."accountSid" = s."accountSid" AND n."phone" = ${to} AND n."senderId" = s."id"
     WHERE s."accountSid" = ${accountSid}
     ORDER BY "matches" DESC
     LIMIT 1)
    UNION ALL
    (SELECT 'dev', NULL, o."id", NULL, TRUE
     FROM "Organization" o
     WHERE ${dev}::boolean AND o."devSmsNumber" = ${to})`;
  const sender = rows.find((row) => row.kind === "sender");
  if (sender?.matches && sender.senderId) {
    return {
      route: { kind: "sender", senderId: sender.senderId, organizationId: sender.organizationId },
      authToken: senderAuthToken({
        authTokenSealed: sender.authTokenSealed!,
        organizationId: sender.organizationId,
      }),
    };
  }
  const devNumber = rows.find((row) => row.kind === "dev");
  if (devNumber) {
    return {
      route: { kind: "dev_number", organizationId: devNumber.organizationId },
      authToken: webhookAuthToken(),
    };
  }
  if (isDefaultSender(to, accountSid))
    return { route: { kind: "default" }, authToken: webhookAuthToken() };
  return {
    route: { kind: "unknown" },
    // A known account: its token; otherwise the installation's (a stranger's request fails it).
    authToken: sender
      ? senderAuthToken({
          authTokenSealed: sender.authTokenSealed!,
          organizationId: sender.organizationId,
        })
      : webhookAuthToken(),
  };
}

function isDefaultSender(to: string, accountSid: string): boolean {
  const env = getEnv();
  if (env.smsProvider === "dev") return to === env.DEV_SMS_FROM_NUMBER;
  if (accountSid !== env.TWILIO_ACCOUNT_SID) return false;
  return env.TWILIO_MESSAGING_SERVICE_SID ? true : to === env.TWILIO_FROM_NUMBER;
}

/**
 * Status callbacks carry no receiving number of ours: they are routed by AccountSid. The
 * senders on that account (whose messages the callback may concern) and the tokens to check
 * the signature with; the installation's own account adds its default sender.
 */
export async function resolveStatusRoute(params: { AccountSid?: string }): Promise<{
  senderIds: string[];
  includesDefault: boolean;
  authTokens: string[];
}> {
  const env = getEnv();
  const accountSid = params.AccountSid ?? "";
  const senders = await db.sender.findMany({
    where: { accountSid },
    select: { id: true, organizationId: true, authTokenSealed: true },
    take: 50,
  });
  const includesDefault =
    env.smsProvider === "dev" || senders.length === 0 || accountSid === env.TWILIO_ACCOUNT_SID;
  const tokens = new Set(senders.map((sender) => senderAuthToken(sender)));
  if (includesDefault) tokens.add(webhookAuthToken());
  return { senderIds: senders.map((s) => s.id), includesDefault, authTokens: [...tokens] };
}
