// A text from a phone, already signature-checked by the route. Idempotent on MessageSid: a
// retried or duplicated webhook changes nothing and gets the same reply back.
//
// Who it concerns: every subscriber with that phone number, in every audience. The sender
// number is shared by the installation, and a STOP to a number stops everything sent from
// it (that is also how carriers and Twilio treat it). A YES confirms the signup whose
// confirmation SMS went out last, because that is the text the person is answering.
import "server-only";
import { z } from "zod";
import { subscriberActor, type Actor } from "@/lib/consent-events/actor";
import type { TInboundSmsEvidence } from "@/lib/consent-events/event-types";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Tx } from "@/lib/db/types";
import { upsertConsent } from "@/lib/subscribers/upsert-consent";
import { AppError, parseInput } from "@/lib/errors";
import { renderFormSms } from "@/lib/forms/form-content";
import type {
  Audience,
  Consent,
  Message,
  Subscriber,
  SignupFormVersion,
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
  const existing = await findProcessed(sms.MessageSid);
  if (existing) return existing;
  try {
    return await db.$transaction(
      (tx) => processInbound(tx, sms, signatureVerified, devPhone ?? null),
      { timeout: 10_000 },
    );
  } catch (error) {
    // The same MessageSid is being processed concurrently and won the insert.
    if (isUniqueViolation(error)) {
      const processed = await findProcessed(sms.MessageSid);
      if (processed) return processed;
    }
    throw error;
  }
}

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

async function processInbound(
  tx: Tx,
  sms: z.output<typeof ZInboundSmsSchema>,
  signatureVerified: boolean,
  devPhone: HandleInboundSmsOptions["devPhone"] | null,
): Promise<InboundSmsResult> {
  const receivedAt = new Date();
  const inbound = await tx.message.create({
    data: {
      direction: "INBOUND",
      kind: "inbound",
      provider: getSmsProvider().name,
      sid: sms.MessageSid,
      from: sms.From,
      to: sms.To,
      body: sms.Body.replace(/\u0000/g, "\uFFFD"),
      status: "RECEIVED",
      createdAt: receivedAt,
      statusUpdatedAt: receivedAt,
    },
  });
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
  const handled = await applyIntent(tx, intent, subscribers, evidence, actor, receivedAt);

  const primary = handled.primary ?? subscribers[0] ?? null;
  if (primary) {
    await tx.message.update({
      where: { id: inbound.id },
      data: { organizationId: primary.organizationId, subscriberId: primary.id },
    });
  }
  return { inboundMessageId: inbound.id, duplicate: false, replies: handled.replies };
}

/**
 * Every subscriber with this phone (in one organization, for the Dev phone), most recently
 * texted first, row-locked in id order.
 */
async function lockSubscribersByPhone(
  tx: Tx,
  phone: string,
  organizationId: string | undefined,
): Promise<SubscriberWithProgram[]> {
  const only = organizationId ?? null;
  await tx.$queryRaw`SELECT 1 FROM "Subscriber" WHERE "phone" = ${phone}
    AND (${only}::text IS NULL OR "organizationId" = ${only}) ORDER BY "id" FOR UPDATE`;
  // One relation per query: Prisma loads sibling includes in parallel, which inside a
  // transaction means overlapping queries on its one connection.
  const rows = await tx.subscriber.findMany({
    where: { phone, ...(organizationId ? { organizationId } : {}) },
    include: { consents: true },
  });
  const versionIds = rows.flatMap((row) => (row.formVersionId ? [row.formVersionId] : []));
  const versions = versionIds.length
    ? await tx.signupFormVersion.findMany({ where: { id: { in: versionIds } } })
    : [];
  const audiences = await tx.audience.findMany({
    where: { id: { in: rows.map((row) => row.audienceId) } },
  });
  const subscribers = rows.map((row) => ({
    ...row,
    formVersion: versions.find((version) => version.id === row.formVersionId) ?? null,
    audience: audiences.find((audience) => audience.id === row.audienceId)!,
  }));
  const lastTexted = (s: Subscriber) => (s.lastSignupSmsAt ?? s.updatedAt).getTime();
  return subscribers.sort((a, b) => lastTexted(b) - lastTexted(a));
}

interface Handled {
  primary: SubscriberWithProgram | null;
  replies: Pick<Message, "id" | "body">[];
}

async function applyIntent(
  tx: Tx,
  intent: InboundIntent,
  subscribers: SubscriberWithProgram[],
  inbound: TInboundSmsEvidence,
  actor: Actor,
  now: Date,
): Promise<Handled> {
  const withStatus = (...statuses: Subscriber["status"][]) =>
    subscribers.filter((s) => statuses.includes(s.status));
  const reply = async (primary: SubscriberWithProgram | null, body: string): Promise<Handled> => ({
    primary,
    replies: [await createReply(tx, inbound, primary, body)],
  });
  const replyText = (
    primary: SubscriberWithProgram | null,
    key: SystemTextKey,
    unknownKey: SystemTextKey,
  ) =>
    reply(
      primary,
      primary ? systemText(key, programFacts(primary)) : systemText(unknownKey, { locale: "en" }),
    );
  const subscribeAgain = (keyword: string) =>
    optInAgain(
      tx,
      withStatus("UNSUBSCRIBED"),
      keyword,
      subscribers,
      inbound,
      actor,
      now,
      replyText,
    );

  switch (intent.kind) {
    case "OPT_OUT": {
      const targets = withStatus("PENDING", "CONFIRMED");
      const primary = targets[0] ?? subscribers[0] ?? null;
      const handled = await replyText(primary, "optedOut", "hintUnknown");
      for (const subscriber of targets) {
        await revokeMarketing(
          tx,
          subscriber,
          intent,
          inbound,
          handled.replies[0]?.id ?? null,
          actor,
          now,
        );
      }
      // Whatever was still queued for them (a confirmation waiting for Twilio to come back)
      // is canceled in this transaction; the STOP confirmation above is a reply and goes out.
      await cancelBlockedMessages(tx, { subscriberIds: targets.map((s) => s.id) }, now);
      return handled;
    }
    case "OPT_IN":
      return subscribeAgain(intent.keyword);
    case "CONFIRM": {
      const pending = withStatus("PENDING")[0];
      if (pending) {
        const handled = await replyText(pending, "welcome", "hintUnknown");
        await confirmMarketing(tx, pending, inbound, actor, now);
        return handled;
      }
      // YES from someone who opted out means "subscribe me again" (CTIA); JA, OUI… do not.
      if (intent.keyword === "YES") {
        return subscribeAgain(intent.keyword);
      }
      return replyText(withStatus("CONFIRMED")[0] ?? null, "alreadySubscribed", "hintUnknown");
    }
    case "HELP": {
      const primary = subscribers[0] ?? null;
      if (!primary) return replyText(null, "helpUnknown", "helpUnknown");
      const handled = await reply(primary, helpText(primary));
      await recordEvent(tx, {
        organizationId: primary.organizationId,
        subscriberId: primary.id,
        type: "help.requested",
        data: { inbound, replyMessageId: handled.replies[0]?.id ?? null },
        actor,
        at: now,
      });
      return handled;
    }
    case "OTHER": {
      const pending = withStatus("PENDING")[0];
      if (pending) return replyText(pending, "hintPending", "hintUnknown");
      return replyText(
        withStatus("CONFIRMED")[0] ?? subscribers[0] ?? null,
        "hintSubscribed",
        "hintUnknown",
      );
    }
  }
}

async function optInAgain(
  tx: Tx,
  targets: SubscriberWithProgram[],
  keyword: string,
  subscribers: SubscriberWithProgram[],
  inbound: TInboundSmsEvidence,
  actor: Actor,
  now: Date,
  replyText: (
    primary: SubscriberWithProgram | null,
    key: SystemTextKey,
    unknownKey: SystemTextKey,
  ) => Promise<Handled>,
): Promise<Handled> {
  if (targets.length === 0) {
    const confirmed = subscribers.find((s) => s.status === "CONFIRMED");
    if (confirmed) return replyText(confirmed, "alreadySubscribed", "hintUnknown");
    const pending = subscribers.find((s) => s.status === "PENDING");
    return replyText(pending ?? null, "hintPending", "hintUnknown");
  }
  const handled = await replyText(targets[0] ?? null, "optedInAgain", "hintUnknown");
  for (const subscriber of targets) {
    await tx.subscriber.update({
      where: { id: subscriber.id },
      data: { status: "CONFIRMED", confirmedAt: now, unsubscribedAt: null },
    });
    await upsertConsent(tx, subscriber, "MARKETING", {
      grantedAt: now,
      confirmedAt: now,
      grantMethod: "keyword",
      revokedAt: null,
      revokeMethod: null,
    });
    await recordEvent(tx, {
      organizationId: subscriber.organizationId,
      subscriberId: subscriber.id,
      type: "marketing.regranted",
      data: { method: "keyword", keyword, inbound, replyMessageId: handled.replies[0]?.id ?? null },
      actor,
      at: now,
    });
  }
  return handled;
}

async function confirmMarketing(
  tx: Tx,
  subscriber: SubscriberWithProgram,
  inbound: TInboundSmsEvidence,
  actor: Actor,
  now: Date,
) {
  await tx.subscriber.update({
    where: { id: subscriber.id },
    data: { status: "CONFIRMED", confirmedAt: now },
  });
  await upsertConsent(tx, subscriber, "MARKETING", { confirmedAt: now });
  metrics.confirmations.inc({ method: "sms_reply", result: "confirmed" });
  const confirmation = await tx.message.findFirst({
    where: { subscriberId: subscriber.id, kind: "confirmation", direction: "OUTBOUND" },
    orderBy: { createdAt: "desc" },
    select: { sid: true },
  });
  await recordEvent(tx, {
    organizationId: subscriber.organizationId,
    subscriberId: subscriber.id,
    type: "marketing.confirmed",
    data: { method: "sms_reply", reply: inbound, confirmationSid: confirmation?.sid ?? null },
    actor,
    at: now,
  });
}

async function revokeMarketing(
  tx: Tx,
  subscriber: SubscriberWithProgram,
  intent: Extract<InboundIntent, { kind: "OPT_OUT" }>,
  inbound: TInboundSmsEvidence,
  replyMessageId: string | null,
  actor: Actor,
  now: Date,
) {
  await tx.subscriber.update({
    where: { id: subscriber.id },
    data: { status: "UNSUBSCRIBED", unsubscribedAt: now },
  });
  const method = intent.freeText ? "free_text" : "keyword";
  await upsertConsent(tx, subscriber, "MARKETING", { revokedAt: now, revokeMethod: method });
  await recordEvent(tx, {
    organizationId: subscriber.organizationId,
    subscriberId: subscriber.id,
    type: "marketing.revoked",
    data: {
      method,
      keyword: intent.freeText ? null : intent.keyword,
      rawText: inbound.body,
      inbound,
      replyMessageId,
      processedAt: now.toISOString(),
    },
    actor,
    at: now,
  });
}

/** A reply is sent in the TwiML answer; its status callback (action URL) brings the SID. */
async function createReply(
  tx: Tx,
  inbound: TInboundSmsEvidence,
  subscriber: SubscriberWithProgram | null,
  body: string,
): Promise<Pick<Message, "id" | "body">> {
  return tx.message.create({
    data: {
      organizationId: subscriber?.organizationId ?? null,
      subscriberId: subscriber?.id ?? null,
      direction: "OUTBOUND",
      kind: "reply",
      provider: getSmsProvider().name,
      from: inbound.to,
      to: inbound.from,
      // Same rule as the outbox: what is stored is exactly what is sent.
      body: subscriber?.formVersion?.transliterate ? transliterate(body) : body,
      status: "ACCEPTED",
      inReplyToId: inbound.messageId,
      sentAt: new Date(),
    },
    select: { id: true, body: true },
  });
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
