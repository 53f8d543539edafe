// A text from a phone, already signature-checked by the route. Idempotent on MessageSid: a
// retried or duplicated webhook changes nothing and gets the same reply back.
//
// Who it concerns: every subscriber with that phone number, in every audience. The sender
// number is shared by the installation, and a STOP to a number stops everything sent from
// it (that is also how carriers and Twilio treat it). A YES confirms the signup whose
// confirmation SMS went out last, because that is the text the person is answering.
import "server-only";
import { newId } from "@/lib/db/new-id";
import { z } from "zod";
import { subscriberActor, type Actor } from "@/lib/consent-events/actor";
import type { TInboundSmsEvidence } from "@/lib/consent-events/event-types";
import type { EventDataInput, EventType } from "@/lib/consent-events/event-types";
import {
  appendEventSql,
  nextEvent,
  type ChainHead,
  type RecordEventInput,
} from "@/lib/consent-events/record-event";
import { db, sql } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { SqlClient } from "@/lib/db/sql";
import { reviveJsonRow } from "@/lib/db/revive-json-row";
import { upsertConsentSql } from "@/lib/subscribers/upsert-consent";
import { AppError, parseInput } from "@/lib/errors";
import { renderFormSms } from "@/lib/forms/form-content";
import {
  Prisma,
  type Audience,
  type Consent,
  type Message,
  type Subscriber,
  type SignupFormVersion,
} from "@/lib/generated/prisma/client";
import { toLocale } from "@/lib/i18n/locales";
import { metrics } from "@/lib/metrics/metrics";
import { cancelBlockedMessages } from "./cancel-blocked-messages";
import { classifyInboundText, type InboundIntent } from "./keywords";
import { getSmsProvider } from "./providers/get-sms-provider";
import { systemText, type ProgramFacts, type SystemTextKey } from "./system-texts";
import { transliterate } from "./transliterate";

export const ZInboundSmsSchema = z.object({
  MessageSid: z
    .string()
    .regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "MessageSid is not a Twilio message SID"),
  From: z.string().min(1).max(64),
  To: z.string().min(1).max(64),
  Body: z.string().max(1600).default(""),
});

export interface InboundSmsResult {
  inboundMessageId: string;
  duplicate: boolean;
  /** Replies to send back in the TwiML answer, with their message ids for status callbacks. */
  replies: Pick<Message, "id" | "body">[];
}

type SubscriberWithProgram = Subscriber & {
  formVersion: SignupFormVersion | null;
  audience: Audience;
  consents: Consent[];
};

export interface HandleInboundSmsOptions {
  params: Record<string, string>;
  /** The route verified X-Twilio-Signature; false for the Dev phone and seeded demo data. Recorded as evidence. */
  signatureVerified: boolean;
  /**
   * Typed in the Dev phone by a staff member: it concerns that organization's subscribers
   * only, and is recorded with channel dev_phone and the staff member as actor.
   */
  devPhone?: { organizationId: string; actor: Actor };
}

export async function handleInboundSms({
  params,
  signatureVerified,
  devPhone,
}: HandleInboundSmsOptions): Promise<InboundSmsResult> {
  const sms = parseInput(ZInboundSmsSchema, params);
  try {
    return await sql.transaction(
      (tx) => processInbound(tx, sms, signatureVerified, devPhone ?? null),
      { timeout: 10_000 },
    );
  } catch (error) {
    // A retried or duplicated webhook: that MessageSid is stored already (or was stored by
    // another request while this one waited for it), and nothing was changed.
    if (error instanceof AlreadyProcessed || isUniqueViolation(error)) {
      const processed = await findProcessed(sms.MessageSid);
      if (processed) return processed;
    }
    throw error;
  }
}

class AlreadyProcessed extends Error {}

async function findProcessed(sid: string): Promise<InboundSmsResult | null> {
  const inbound = await db.message.findUnique({
    where: { sid },
    include: { replies: { select: { id: true, body: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!inbound) return null;
  if (inbound.direction !== "INBOUND")
    throw new AppError("CONFLICT", "That MessageSid belongs to an outbound message");
  return { inboundMessageId: inbound.id, duplicate: true, replies: inbound.replies };
}

/**
 * Five statements for a YES or a HELP (store the text, lock who it concerns, store the reply,
 * record the change with its evidence), one more per further subscriber a STOP or START
 * concerns.
 */
async function processInbound(
  tx: SqlClient,
  sms: z.output<typeof ZInboundSmsSchema>,
  signatureVerified: boolean,
  devPhone: HandleInboundSmsOptions["devPhone"] | null,
): Promise<InboundSmsResult> {
  const receivedAt = new Date();
  const inbound = {
    id: newId(),
    provider: getSmsProvider().name,
    body: sms.Body.replace(/\u0000/g, "\uFFFD"),
  };
  // The idempotency check and the insert in one: a MessageSid seen before inserts nothing.
  const inserted = await tx.$executeRaw`
    INSERT INTO "Message" ("id", "direction", "kind", "provider", "sid", "from", "to", "body",
      "status", "createdAt", "statusUpdatedAt")
    VALUES (${inbound.id}, 'INBOUND'::"MessageDirection", 'inbound', ${inbound.provider},
      ${sms.MessageSid}, ${sms.From}, ${sms.To}, ${inbound.body}, 'RECEIVED'::"MessageStatus",
      ${receivedAt}::timestamptz, ${receivedAt}::timestamptz)
    ON CONFLICT ("sid") DO NOTHING`;
  if (inserted === 0) throw new AlreadyProcessed();
  const evidence: TInboundSmsEvidence = {
    messageId: inbound.id,
    sid: sms.MessageSid,
    from: sms.From,
    to: sms.To,
    body: inbound.body,
    receivedAt: receivedAt.toISOString(),
    signatureVerified,
    channel: devPhone ? "dev_phone" : "sms",
  };

  const subscribers = await lockSubscribersByPhone(tx, sms.From, devPhone?.organizationId);
  const intent = classifyInboundText(sms.Body);
  metrics.inboundSms.inc({ intent: intent.kind.toLowerCase() });
  const actor = devPhone?.actor ?? subscriberActor(sms.From);
  const plan = planReply(intent, subscribers, evidence, actor, receivedAt);

  const reply = { id: newId(), ...plan.reply };
  const { heads, confirmationSids } = await storeReply(tx, evidence, reply, {
    attributeTo: reply.subscriber ?? subscribers[0] ?? null,
    changed: plan.changes.map((change) => change.subscriber.id),
  });
  for (const change of plan.changes) {
    const event = nextEvent(
      change.event({
        replyMessageId: reply.id,
        confirmationSid: confirmationSids.get(change.subscriber.id) ?? null,
      }),
      heads.get(change.subscriber.id) ?? { seq: 0, hash: "" },
    );
    await tx.$executeRaw(appendEventSql(event, change.sql));
  }
  if (plan.cancelQueuedFor.length > 0) {
    await cancelBlockedMessages(tx, { subscriberIds: plan.cancelQueuedFor }, receivedAt);
  }
  return {
    inboundMessageId: inbound.id,
    duplicate: false,
    replies: [{ id: reply.id, body: reply.body }],
  };
}

/**
 * Every subscriber with this phone (in one organization, for the Dev phone), row-locked in id
 * order, with what the replies need (consents, form version, audience) in the same statement;
 * most recently texted first.
 */
async function lockSubscribersByPhone(
  tx: SqlClient,
  phone: string,
  organizationId: string | undefined,
): Promise<SubscriberWithProgram[]> {
  const only = organizationId ?? null;
  const rows = await tx.$queryRaw<
    (Subscriber & {
      consentRows: Record<string, unknown>[];
      formVersionRow: Record<string, unknown> | null;
      audienceRow: Record<string, unknown>;
    })[]
  >`
    SELECT s.*,
      (SELECT coalesce(json_agg(c), '[]') FROM "Consent" c WHERE c."subscriberId" = s."id") AS "consentRows",
      (SELECT row_to_json(v) FROM "SignupFormVersion" v WHERE v."id" = s."formVersionId") AS "formVersionRow",
      (SELECT row_to_json(a) FROM "Audience" a WHERE a."id" = s."audienceId") AS "audienceRow"
    FROM "Subscriber" s
    WHERE s."phone" = ${phone} AND (${only}::text IS NULL OR s."organizationId" = ${only})
    ORDER BY s."id"
    FOR UPDATE OF s`;
  const subscribers = rows.map(({ consentRows, formVersionRow, audienceRow, ...row }) => ({
    ...row,
    consents: consentRows.map((consent) => reviveJsonRow<Consent>(consent)),
    formVersion: formVersionRow ? reviveJsonRow<SignupFormVersion>(formVersionRow) : null,
    audience: reviveJsonRow<Audience>(audienceRow),
  }));
  const lastTexted = (s: Subscriber) => (s.lastSignupSmsAt ?? s.updatedAt).getTime();
  return subscribers.sort((a, b) => lastTexted(b) - lastTexted(a));
}

/**
 * One statement: the reply (sent in the TwiML answer; its status callback, the action URL,
 * brings its SID), the inbound text's subscriber, and for the subscribers whose consent
 * changes, their chain heads (their rows are locked: no other append can move them) and the
 * SID of the last confirmation they were sent.
 */
async function storeReply(
  tx: SqlClient,
  inbound: TInboundSmsEvidence,
  reply: { id: string; subscriber: SubscriberWithProgram | null; body: string },
  options: { attributeTo: SubscriberWithProgram | null; changed: string[] },
): Promise<{ heads: Map<string, ChainHead>; confirmationSids: Map<string, string | null> }> {
  const { subscriber } = reply;
  // Same rule as the outbox: what is stored is exactly what is sent.
  const body = subscriber?.formVersion?.transliterate ? transliterate(reply.body) : reply.body;
  reply.body = body;
  const attributed = options.attributeTo;
  const changed = options.changed.length ? options.changed : [null];
  const rows = await tx.$queryRaw<
    { subscriberId: string | null; seq: number | null; hash: string | null; sid: string | null }[]
  >`
    WITH "reply" AS (
      INSERT INTO "Message" ("id", "organizationId", "subscriberId", "direction", "kind",
        "provider", "from", "to", "body", "status", "inReplyToId", "sentAt")
      VALUES (${reply.id}, ${subscriber?.organizationId ?? null}, ${subscriber?.id ?? null},
        'OUTBOUND'::"MessageDirection", 'reply', ${getSmsProvider().name}, ${inbound.to},
        ${inbound.from}, ${body}, 'ACCEPTED'::"MessageStatus", ${inbound.messageId},
        ${new Date()}::timestamptz)
    ), "inbound" AS (
      UPDATE "Message" SET "organizationId" = ${attributed?.organizationId ?? null},
        "subscriberId" = ${attributed?.id ?? null}
      WHERE "id" = ${inbound.messageId} AND ${attributed?.id ?? null}::text IS NOT NULL
    )
    SELECT t."id" AS "subscriberId", h."seq", h."hash", (
      SELECT m."sid" FROM "Message" m
      WHERE m."subscriberId" = t."id" AND m."kind" = 'confirmation' AND m."direction" = 'OUTBOUND'
      ORDER BY m."createdAt" DESC LIMIT 1
    ) AS "sid"
    FROM (VALUES ${Prisma.join(changed.map((id) => Prisma.sql`(${id}::text)`))}) AS t ("id")
    LEFT JOIN "Subscriber" s ON s."id" = t."id"
    LEFT JOIN "ChainHead" h ON h."organizationId" = s."organizationId" AND h."chainId" = t."id"`;
  const heads = new Map<string, ChainHead>();
  const confirmationSids = new Map<string, string | null>();
  for (const row of rows) {
    if (!row.subscriberId) continue;
    heads.set(row.subscriberId, { seq: row.seq ?? 0, hash: row.hash ?? "" });
    confirmationSids.set(row.subscriberId, row.sid);
  }
  return { heads, confirmationSids };
}

/** What a text does: one reply, and the consent changes it makes, each with its evidence. */
interface Plan {
  reply: { subscriber: SubscriberWithProgram | null; body: string };
  changes: Change[];
  /** Subscribers whose queued texts must not go out any more (a STOP). */
  cancelQueuedFor: string[];
}

interface Change {
  subscriber: SubscriberWithProgram;
  /** Named CTEs written in the statement of the event (see appendEventSql). */
  sql: Prisma.Sql[];
  event(known: {
    replyMessageId: string;
    confirmationSid: string | null;
  }): RecordEventInput<EventType>;
}

function planReply(
  intent: InboundIntent,
  subscribers: SubscriberWithProgram[],
  inbound: TInboundSmsEvidence,
  actor: Actor,
  now: Date,
): Plan {
  const withStatus = (...statuses: Subscriber["status"][]) =>
    subscribers.filter((s) => statuses.includes(s.status));
  const replyText = (
    subscriber: SubscriberWithProgram | null,
    key: SystemTextKey,
    unknownKey: SystemTextKey,
  ) => ({
    subscriber,
    body: subscriber
      ? systemText(key, programFacts(subscriber))
      : systemText(unknownKey, { locale: "en" }),
  });
  const only = (reply: Plan["reply"]): Plan => ({ reply, changes: [], cancelQueuedFor: [] });
  const event = <T extends EventType>(
    subscriber: SubscriberWithProgram,
    type: T,
    data: EventDataInput<T>,
  ): RecordEventInput<T> => ({
    organizationId: subscriber.organizationId,
    subscriberId: subscriber.id,
    type,
    data,
    actor,
    at: now,
  });
  const subscribeAgain = (keyword: string): Plan => {
    const targets = withStatus("UNSUBSCRIBED");
    if (targets.length === 0) {
      const confirmed = subscribers.find((s) => s.status === "CONFIRMED");
      if (confirmed) return only(replyText(confirmed, "alreadySubscribed", "hintUnknown"));
      const pending = subscribers.find((s) => s.status === "PENDING");
      return only(replyText(pending ?? null, "hintPending", "hintUnknown"));
    }
    return {
      reply: replyText(targets[0] ?? null, "optedInAgain", "hintUnknown"),
      changes: targets.map((subscriber) => ({
        subscriber,
        sql: [
          subscriberUpdateSql(subscriber.id, now, {
            status: "CONFIRMED",
            confirmedAt: now,
            unsubscribedAt: null,
          }),
          Prisma.sql`"consent" AS (${upsertConsentSql(subscriber, "MARKETING", {
            grantedAt: now,
            confirmedAt: now,
            grantMethod: "keyword",
            revokedAt: null,
            revokeMethod: null,
          })})`,
        ],
        event: ({ replyMessageId }) =>
          event(subscriber, "marketing.regranted", {
            method: "keyword",
            keyword,
            inbound,
            replyMessageId,
          }),
      })),
      cancelQueuedFor: [],
    };
  };

  switch (intent.kind) {
    case "OPT_OUT": {
      const targets = withStatus("PENDING", "CONFIRMED");
      const method = intent.freeText ? "free_text" : "keyword";
      return {
        reply: replyText(targets[0] ?? subscribers[0] ?? null, "optedOut", "hintUnknown"),
        changes: targets.map((subscriber) => ({
          subscriber,
          sql: [
            subscriberUpdateSql(subscriber.id, now, {
              status: "UNSUBSCRIBED",
              unsubscribedAt: now,
            }),
            Prisma.sql`"consent" AS (${upsertConsentSql(subscriber, "MARKETING", {
              revokedAt: now,
              revokeMethod: method,
            })})`,
          ],
          event: ({ replyMessageId }) =>
            event(subscriber, "marketing.revoked", {
              method,
              keyword: intent.freeText ? null : intent.keyword,
              rawText: inbound.body,
              inbound,
              replyMessageId,
              processedAt: now.toISOString(),
            }),
        })),
        // Whatever was still queued for them (a confirmation waiting for Twilio to come back)
        // is canceled in this transaction; the STOP confirmation is a reply and goes out.
        cancelQueuedFor: targets.map((s) => s.id),
      };
    }
    case "OPT_IN":
      return subscribeAgain(intent.keyword);
    case "CONFIRM": {
      const pending = withStatus("PENDING")[0];
      if (pending) {
        metrics.confirmations.inc({ method: "sms_reply", result: "confirmed" });
        return {
          reply: replyText(pending, "welcome", "hintUnknown"),
          changes: [
            {
              subscriber: pending,
              sql: [
                subscriberUpdateSql(pending.id, now, { status: "CONFIRMED", confirmedAt: now }),
                Prisma.sql`"consent" AS (${upsertConsentSql(pending, "MARKETING", {
                  confirmedAt: now,
                })})`,
              ],
              event: ({ confirmationSid }) =>
                event(pending, "marketing.confirmed", {
                  method: "sms_reply",
                  reply: inbound,
                  confirmationSid,
                }),
            },
          ],
          cancelQueuedFor: [],
        };
      }
      // YES from someone who opted out means "subscribe me again" (CTIA); JA, OUI… do not.
      if (intent.keyword === "YES") return subscribeAgain(intent.keyword);
      return only(
        replyText(withStatus("CONFIRMED")[0] ?? null, "alreadySubscribed", "hintUnknown"),
      );
    }
    case "HELP": {
      const primary = subscribers[0] ?? null;
      if (!primary) return only(replyText(null, "helpUnknown", "helpUnknown"));
      return {
        reply: { subscriber: primary, body: helpText(primary) },
        changes: [
          {
            subscriber: primary,
            sql: [],
            event: ({ replyMessageId }) =>
              event(primary, "help.requested", { inbound, replyMessageId }),
          },
        ],
        cancelQueuedFor: [],
      };
    }
    case "OTHER": {
      const pending = withStatus("PENDING")[0];
      if (pending) return only(replyText(pending, "hintPending", "hintUnknown"));
      return only(
        replyText(
          withStatus("CONFIRMED")[0] ?? subscribers[0] ?? null,
          "hintSubscribed",
          "hintUnknown",
        ),
      );
    }
  }
}

/** A named CTE that sets a subscriber's status fields (and updatedAt). */
function subscriberUpdateSql(
  subscriberId: string,
  now: Date,
  change: {
    status: Subscriber["status"];
    confirmedAt?: Date;
    unsubscribedAt?: Date | null;
  },
): Prisma.Sql {
  const sets = [
    Prisma.sql`"status" = ${change.status}::"SubscriberStatus"`,
    ...(change.confirmedAt !== undefined
      ? [Prisma.sql`"confirmedAt" = ${change.confirmedAt}::timestamptz`]
      : []),
    ...(change.unsubscribedAt !== undefined
      ? [Prisma.sql`"unsubscribedAt" = ${change.unsubscribedAt}::timestamptz`]
      : []),
    Prisma.sql`"updatedAt" = ${now}::timestamptz`,
  ];
  return Prisma.sql`"subscriber" AS (
    UPDATE "Subscriber" SET ${Prisma.join(sets)} WHERE "id" = ${subscriberId})`;
}

function programFacts(subscriber: SubscriberWithProgram): ProgramFacts {
  const version = subscriber.formVersion;
  return {
    locale: toLocale(version?.locale ?? subscriber.locale),
    programName: version?.programName ?? subscriber.audience.name,
    frequencyText: version?.frequencyText ?? "",
    ratesText: version?.ratesText ?? "Msg & data rates may apply.",
  };
}

function helpText(subscriber: SubscriberWithProgram): string {
  const version = subscriber.formVersion;
  if (version) return renderFormSms(version.helpText, version);
  return systemText("hintSubscribed", programFacts(subscriber));
}
