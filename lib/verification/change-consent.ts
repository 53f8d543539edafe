// Turning one consent off (or on) for one subscriber, from the API or the dashboard, without
// touching the other: 2FA off keeps marketing; marketing withdrawn keeps 2FA. Each change is
// recorded with who did it, in the same transaction. Repeating a change is a no-op.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import { upsertConsent } from "@/lib/subscribers/upsert-consent";
import { AppError, parseInput } from "@/lib/errors";
import type { Consent, Subscriber } from "@/lib/generated/prisma/client";
import { toLocale } from "@/lib/i18n/locales";
import { enqueueMessage } from "@/lib/sms/outbox";
import { wakeOutbox } from "@/lib/sms/outbox-worker";
import { cancelBlockedMessages } from "@/lib/sms/cancel-blocked-messages";
import { systemText } from "@/lib/sms/system-texts";

export const ZChangeConsentSchema = z.object({
  purpose: z.enum(["verification", "marketing"], { error: "purpose: verification or marketing" }),
  action: z.enum(["revoke", "grant"], { error: "action: revoke or grant" }),
  reason: z.string().trim().max(500).optional(),
});
export type TChangeConsentSchema = z.input<typeof ZChangeConsentSchema>;

export interface ChangeConsentResult {
  subscriberId: string;
  purpose: "verification" | "marketing";
  action: "revoke" | "grant";
  /** false: it already was so, nothing recorded. */
  changed: boolean;
  status: string;
}

export async function changeConsent(options: {
  organizationId: string;
  subscriberId: string;
  input: unknown;
  /** "api" (API key), "staff" (dashboard) or "portal" (the person), as recorded in the evidence. */
  method: "api" | "staff" | "portal";
  actor: Actor;
  now?: Date;
}): Promise<ChangeConsentResult> {
  const input = parseInput(ZChangeConsentSchema, options.input);
  // Staff withdrawing a consent say why: the evidence must explain a withdrawal the person did
  // not make themselves.
  if (options.method === "staff" && input.action === "revoke" && (input.reason ?? "").length < 3)
    throw AppError.validation({
      reason: ["Say why (at least 3 characters, kept with the evidence)."],
    });
  const now = options.now ?? new Date();
  const { result, queued } = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Subscriber" WHERE "id" = ${options.subscriberId} AND "organizationId" = ${options.organizationId} FOR UPDATE`;
    const subscriber = await findSubscriber(tx, options.organizationId, options.subscriberId);
    if (!subscriber || subscriber.deletedAt) throw AppError.notFound("Subscriber");
    const consent =
      subscriber.consents.find(
        (c) => c.purpose === (input.purpose === "marketing" ? "MARKETING" : "VERIFICATION"),
      ) ?? null;
    const context = { tx, subscriber, consent, method: options.method, actor: options.actor, now };
    const queued: string[] = [];
    const changed =
      input.purpose === "verification"
        ? input.action === "revoke"
          ? await revokeVerification(context, input.reason ?? null)
          : await grantVerification(context)
        : input.action === "revoke"
          ? await revokeMarketing(context, input.reason ?? null)
          : await grantMarketing(context, queued);
    // A withdrawal cancels the queued texts of that purpose in the same transaction.
    if (changed && input.action === "revoke") {
      await cancelBlockedMessages(tx, { subscriberIds: [subscriber.id] }, now);
    }
    const after = await tx.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
    return {
      result: {
        subscriberId: subscriber.id,
        purpose: input.purpose,
        action: input.action,
        changed,
        status: after.status.toLowerCase(),
      },
      queued,
    };
  });
  wakeOutbox(queued);
  return result;
}

/**
 * The subscriber with its consents, form version and audience, one query after the other:
 * Prisma loads sibling includes in parallel, which inside a transaction means overlapping
 * queries on its one connection.
 */
async function findSubscriber(tx: Tx, organizationId: string, subscriberId: string) {
  const subscriber = await tx.subscriber.findFirst({
    where: { id: subscriberId, organizationId },
    include: { consents: true },
  });
  if (!subscriber) return null;
  const formVersion = subscriber.formVersionId
    ? await tx.signupFormVersion.findUnique({ where: { id: subscriber.formVersionId } })
    : null;
  const audience = await tx.audience.findUniqueOrThrow({ where: { id: subscriber.audienceId } });
  return { ...subscriber, formVersion, audience };
}

interface ChangeContext {
  tx: Tx;
  subscriber: Subscriber & {
    formVersion: {
      locale: string;
      programName: string;
      frequencyText: string;
      ratesText: string;
    } | null;
    audience: { name: string };
  };
  consent: Consent | null;
  method: "api" | "staff" | "portal";
  actor: Actor;
  now: Date;
}

/** Grants come from staff or the business's app; the portal only withdraws. */
function grantMethod(c: ChangeContext): "api" | "staff" {
  if (c.method === "portal") throw AppError.validation({ action: ["The portal only withdraws."] });
  return c.method;
}

const isActive = (consent: Consent | null) => Boolean(consent?.grantedAt && !consent.revokedAt);

async function revokeVerification(c: ChangeContext, reason: string | null): Promise<boolean> {
  if (!isActive(c.consent)) return false;
  await c.tx.consent.update({
    where: { id: c.consent!.id },
    data: { revokedAt: c.now, revokeMethod: c.method },
  });
  await recordEvent(c.tx, {
    organizationId: c.subscriber.organizationId,
    subscriberId: c.subscriber.id,
    type: "verification.revoked",
    data: { method: c.method, reason },
    actor: c.actor,
    at: c.now,
  });
  return true;
}

async function grantVerification(c: ChangeContext): Promise<boolean> {
  if (isActive(c.consent)) return false;
  await upsertConsent(c.tx, c.subscriber, "VERIFICATION", {
    grantedAt: c.now,
    grantMethod: c.method,
    revokedAt: null,
    revokeMethod: null,
  });
  await recordEvent(c.tx, {
    organizationId: c.subscriber.organizationId,
    subscriberId: c.subscriber.id,
    type: "verification.granted",
    data: {
      method: grantMethod(c),
      verificationId: null,
      consentText: null,
      consentTextSha256: null,
    },
    actor: c.actor,
    at: c.now,
  });
  return true;
}

async function revokeMarketing(c: ChangeContext, reason: string | null): Promise<boolean> {
  if (
    !isActive(c.consent) &&
    c.subscriber.status !== "PENDING" &&
    c.subscriber.status !== "CONFIRMED"
  )
    return false;
  if (c.consent) {
    await c.tx.consent.update({
      where: { id: c.consent.id },
      data: { revokedAt: c.now, revokeMethod: c.method },
    });
  }
  await c.tx.subscriber.update({
    where: { id: c.subscriber.id },
    data: { status: "UNSUBSCRIBED", unsubscribedAt: c.now },
  });
  await recordEvent(c.tx, {
    organizationId: c.subscriber.organizationId,
    subscriberId: c.subscriber.id,
    type: "marketing.revoked",
    data: {
      method: c.method,
      reason,
      keyword: null,
      rawText: null,
      inbound: null,
      replyMessageId: null,
      processedAt: c.now.toISOString(),
    },
    actor: c.actor,
    at: c.now,
  });
  return true;
}

/**
 * Staff or the business's app record a marketing consent given elsewhere. Double opt-in
 * still applies: the number becomes PENDING and gets a "Reply YES" text; YES confirms it.
 */
async function grantMarketing(c: ChangeContext, queued: string[]): Promise<boolean> {
  if (isActive(c.consent) && c.subscriber.status !== "UNSUBSCRIBED") return false;
  await upsertConsent(c.tx, c.subscriber, "MARKETING", {
    grantedAt: c.now,
    grantMethod: c.method,
    confirmedAt: null,
    revokedAt: null,
    revokeMethod: null,
  });
  await c.tx.subscriber.update({
    where: { id: c.subscriber.id },
    data: { status: "PENDING", unsubscribedAt: null, lastSignupSmsAt: c.now },
  });
  await recordEvent(c.tx, {
    organizationId: c.subscriber.organizationId,
    subscriberId: c.subscriber.id,
    type: "marketing.granted",
    data: {
      method: grantMethod(c),
      formId: null,
      formVersionId: null,
      consentTextSha256: null,
      checkboxInitiallyChecked: false,
      pageUrl: null,
    },
    actor: c.actor,
    at: c.now,
  });
  const version = c.subscriber.formVersion;
  const message = await enqueueMessage(c.tx, {
    organizationId: c.subscriber.organizationId,
    subscriberId: c.subscriber.id,
    kind: "confirmation",
    to: c.subscriber.phone,
    body: systemText("hintPending", {
      locale: toLocale(version?.locale ?? c.subscriber.locale),
      programName: version?.programName ?? c.subscriber.audience.name,
      frequencyText: version?.frequencyText ?? "",
      ratesText: version?.ratesText ?? "Msg & data rates may apply.",
    }),
  });
  queued.push(message.id);
  return true;
}
