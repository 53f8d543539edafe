// The proof of opt-in for one subscriber: who, what they were shown, when and from where,
// the confirmation SMS, the YES reply, both consents, every withdrawal, staff and import
// actions, every event of the subscriber's chain and the result of re-verifying that chain.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { describeEvent } from "@/lib/consent-events/describe-event";
import {
  formIdsOf,
  parseEventData,
  type ParsedEvent,
  type TInboundSmsEvidence,
} from "@/lib/consent-events/event-types";
import { getLatestCheckpoint } from "@/lib/consent-events/publish-checkpoint";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { listFormNames } from "@/lib/forms/list-form-names";
import { renderFormSms } from "@/lib/forms/form-content";
import { ERASED } from "@/lib/privacy/redact-event";
import type {
  Consent,
  ConsentEvent,
  Message,
  SignupFormVersion,
} from "@/lib/generated/prisma/client";
import {
  PROOF_FORMAT,
  proofContentHash,
  type JsonValue,
  type Proof,
  type ProofActor,
  type ProofConsent,
  type ProofConsentTextCheck,
  type ProofDocument,
  type ProofFormVersion,
  type ProofInboundSms,
  type ProofMessage,
  type ProofNotedEvent,
} from "./proof-types";

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** `PRF-` and 10 random base32 characters: short enough to read out on the phone. */
export function newProofDocumentId(): string {
  const alphabet = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
  const bytes = randomBytes(10);
  return `PRF-${Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join("")}`;
}

export async function getProof(options: {
  organizationId: string;
  subscriberId: string;
}): Promise<ProofDocument> {
  const { organizationId, subscriberId } = options;
  const subscriber = await db.subscriber.findFirst({
    where: { id: subscriberId, organizationId },
    include: {
      organization: { select: { id: true, name: true, slug: true } },
      audience: { select: { id: true, name: true } },
      consents: true,
    },
  });
  if (!subscriber) throw AppError.notFound("Subscriber");

  // Verify first: the page then shows at least every event the check covered.
  const verification = await verifyChains({ organizationId, subscriberId });
  const rows = await db.consentEvent.findMany({
    where: { organizationId, chainId: subscriberId },
    orderBy: { seq: "asc" },
  });
  const events = rows.map((row) => ({ row, parsed: safeParse(row) }));
  const formNames = await listFormNames({
    organizationId,
    formIds: formIdsOf(events.map((event) => event.parsed)),
  });
  const head = await db.chainHead.findUnique({
    where: { organizationId_chainId: { organizationId, chainId: subscriberId } },
  });
  const checkpoint = await getLatestCheckpoint(organizationId);
  // This chain's head as of that checkpoint: the newest leaf recorded up to it.
  const checkpointLeaf = checkpoint
    ? await db.checkpointLeaf.findFirst({
        where: {
          organizationId,
          chainId: subscriberId,
          checkpoint: { organizationId, seq: { lte: checkpoint.seq } },
        },
        orderBy: { checkpoint: { seq: "desc" } },
      })
    : null;

  // Everything below is looked up by the ids this subscriber's own events name. Messages are
  // not filtered by organization: an inbound number shared by several organizations files a
  // STOP and its reply under one of them, while every organization's event points at them.
  const messageIds = new Set<string>();
  const versionIds = new Set<string>();
  for (const { parsed } of events) {
    for (const id of referencedMessageIds(parsed)) messageIds.add(id);
    if (parsed?.type === "signup.submitted") versionIds.add(parsed.data.formVersionId);
    if (parsed?.type === "marketing.granted" && parsed.data.formVersionId)
      versionIds.add(parsed.data.formVersionId);
  }
  const [referencedMessages, confirmationRows, versionRows] = await Promise.all([
    db.message.findMany({ where: { id: { in: [...messageIds] } } }),
    db.message.findMany({
      where: { organizationId, subscriberId, kind: "confirmation", direction: "OUTBOUND" },
      orderBy: { createdAt: "asc" },
    }),
    db.signupFormVersion.findMany({
      where: { id: { in: [...versionIds] }, organizationId },
      include: { form: { select: { slug: true, name: true } } },
    }),
  ]);
  const messages = new Map(referencedMessages.map((message) => [message.id, message]));
  const versions = new Map(versionRows.map((version) => [version.id, version]));
  const messageById = (id: string | null) => {
    const message = id ? messages.get(id) : undefined;
    return message ? toMessage(message) : null;
  };
  const formById = (id: string | null) => {
    const version = id ? versions.get(id) : undefined;
    return version ? toFormVersion(version) : null;
  };
  const consentCheck = (recorded: string, form: ProofFormVersion | null): ProofConsentTextCheck => {
    const computed = form ? sha256(form.consentText) : null;
    return { recordedSha256: recorded, computedSha256: computed, matches: computed === recorded };
  };

  const proof: Proof = {
    format: PROOF_FORMAT,
    organization: { id: subscriber.organization.id, name: subscriber.organization.name },
    subject: {
      subscriberId: subscriber.id,
      phone: subscriber.erasedAt ? ERASED : subscriber.phone,
      country: subscriber.country,
      locale: subscriber.locale,
      audience: subscriber.audience,
      status: subscriber.status.toLowerCase(),
      createdAt: subscriber.createdAt.toISOString(),
      deletedAt: iso(subscriber.deletedAt),
      erasedAt: iso(subscriber.erasedAt),
    },
    consents: {
      marketing: toConsent(
        subscriber.consents.find((c) => c.purpose === "MARKETING"),
        events,
      ),
      verification: toConsent(
        subscriber.consents.find((c) => c.purpose === "VERIFICATION"),
        events,
      ),
    },
    signups: [],
    marketingGrants: [],
    confirmationMessages: confirmationRows.map(toMessage),
    confirmations: [],
    resubscriptions: [],
    withdrawals: [],
    staffEvents: [],
    verificationEvents: [],
    events: [],
    chain: {
      ok: verification.ok,
      checked: verification.checked,
      firstBroken: verification.firstBroken
        ? {
            eventId: verification.firstBroken.eventId,
            seq: verification.firstBroken.seq,
            type: rows.find((row) => row.id === verification.firstBroken?.eventId)?.type ?? null,
            reason: verification.firstBroken.reason,
            createdAt: verification.firstBroken.createdAt,
          }
        : null,
      head: head ? { seq: head.seq, hash: head.hash } : null,
    },
    checkpoint: checkpoint
      ? {
          id: checkpoint.id,
          seq: checkpoint.seq,
          root: checkpoint.root,
          createdAt: checkpoint.createdAt.toISOString(),
          chain: checkpointLeaf ? { seq: checkpointLeaf.seq, hash: checkpointLeaf.hash } : null,
        }
      : null,
  };

  for (const { row, parsed } of events) {
    const description = parsed ? describeEvent(parsed, { formNames }) : null;
    const actor = toActor(row);
    const at = row.createdAt.toISOString();
    const base = { eventId: row.id, seq: row.seq };
    const noted = (): ProofNotedEvent => ({
      ...base,
      type: row.type,
      at,
      actor,
      sentence: description?.title ?? "",
      details: description?.details ?? [],
    });

    proof.events.push({
      id: row.id,
      seq: row.seq,
      type: row.type,
      sentence: description?.title ?? "Stored data does not match the schema of this event type",
      schemaValid: parsed !== null,
      actor,
      ip: row.ip,
      userAgent: row.userAgent,
      createdAt: at,
      prevHash: row.prevHash,
      hash: row.hash,
      data: row.data as JsonValue,
    });
    if (!parsed) continue;

    switch (parsed.type) {
      case "signup.submitted": {
        const d = parsed.data;
        const form = formById(d.formVersionId);
        proof.signups.push({
          ...base,
          submittedAt: at,
          outcome: d.outcome,
          phone: d.phone,
          country: d.country,
          locale: d.locale,
          formId: d.formId,
          formSlug: d.formSlug,
          formVersionId: d.formVersionId,
          formVersion: d.formVersion,
          form,
          consentText: consentCheck(d.consentTextSha256, form),
          checkboxInitiallyChecked: d.checkboxInitiallyChecked,
          checkboxChecked: d.checkboxChecked,
          buttonLabel: d.buttonLabel,
          ip: row.ip,
          userAgent: row.userAgent,
          pageUrl: d.pageUrl,
          referrer: d.referrer,
          embedded: d.embedded,
          antiFraud: d.antiFraud,
          confirmationQueued: d.confirmationQueued,
        });
        break;
      }
      case "marketing.granted": {
        const d = parsed.data;
        const form = formById(d.formVersionId);
        proof.marketingGrants.push({
          ...base,
          at,
          method: d.method,
          actor,
          formId: d.formId,
          formVersionId: d.formVersionId,
          form,
          consentText: d.consentTextSha256 ? consentCheck(d.consentTextSha256, form) : null,
          checkboxInitiallyChecked: d.checkboxInitiallyChecked,
          pageUrl: d.pageUrl,
          keyword:
            d.method === "keyword" && d.keyword && d.inbound
              ? {
                  keyword: d.keyword,
                  body: d.inbound.body,
                  from: d.inbound.from,
                  to: d.inbound.to,
                  sid: d.inbound.sid,
                  receivedAt: d.inbound.receivedAt,
                }
              : null,
        });
        break;
      }
      case "marketing.confirmed":
        proof.confirmations.push({
          ...base,
          confirmedAt: at,
          method: parsed.data.method,
          confirmationSid: parsed.data.confirmationSid,
          reply: parsed.data.reply ? toInbound(parsed.data.reply) : null,
        });
        break;
      case "marketing.regranted":
        proof.resubscriptions.push({
          ...base,
          at,
          keyword: parsed.data.keyword,
          inbound: toInbound(parsed.data.inbound),
          replyMessage: messageById(parsed.data.replyMessageId),
        });
        break;
      case "marketing.revoked":
        proof.withdrawals.push({
          ...base,
          purpose: "marketing",
          at,
          method: parsed.data.method,
          keyword: parsed.data.keyword,
          rawText: parsed.data.rawText,
          reason: null,
          inbound: parsed.data.inbound ? toInbound(parsed.data.inbound) : null,
          processedAt: parsed.data.processedAt,
          confirmationMessage: messageById(parsed.data.replyMessageId),
        });
        break;
      case "verification.revoked":
        proof.withdrawals.push({
          ...base,
          purpose: "verification",
          at,
          method: parsed.data.method,
          keyword: null,
          rawText: null,
          reason: parsed.data.reason,
          inbound: null,
          // Recorded in the transaction that revoked it.
          processedAt: at,
          confirmationMessage: null,
        });
        proof.verificationEvents.push(noted());
        break;
      case "subscriber.added":
      case "subscriber.updated":
      case "subscriber.deleted":
        proof.staffEvents.push(noted());
        break;
      case "verification.code_sent":
      case "verification.code_failed":
      case "verification.approved":
      case "verification.granted":
        proof.verificationEvents.push(noted());
        break;
      default:
        break;
    }
  }

  return {
    documentId: newProofDocumentId(),
    generatedAt: new Date().toISOString(),
    contentSha256: proofContentHash(proof),
    data: proof,
    portalUrl: `${getEnv().publicBaseUrl}/p/${subscriber.organization.slug}`,
  };
}

/** A stored event checked against its schema; null when it no longer matches (tampering). */
function safeParse(row: ConsentEvent): ParsedEvent | null {
  try {
    return parseEventData(row.type, row.data);
  } catch {
    return null;
  }
}

function referencedMessageIds(parsed: ParsedEvent | null): string[] {
  if (!parsed) return [];
  switch (parsed.type) {
    case "sms.sent":
    case "sms.failed":
    case "sms.delivery":
      return [parsed.data.messageId];
    case "marketing.confirmed":
      return parsed.data.reply ? [parsed.data.reply.messageId] : [];
    case "marketing.revoked":
      return [parsed.data.inbound?.messageId, parsed.data.replyMessageId].filter(
        (id): id is string => Boolean(id),
      );
    case "marketing.granted":
      return [parsed.data.inbound?.messageId, parsed.data.replyMessageId].filter(
        (id): id is string => Boolean(id),
      );
    case "marketing.regranted":
    case "help.requested":
      return [parsed.data.inbound.messageId, parsed.data.replyMessageId].filter(
        (id): id is string => Boolean(id),
      );
    case "verification.code_sent":
      return parsed.data.messageId ? [parsed.data.messageId] : [];
    default:
      return [];
  }
}

function toActor(row: ConsentEvent): ProofActor {
  return {
    type: row.actorType.toLowerCase() as ProofActor["type"],
    id: row.actorId,
    name: row.actorName,
  };
}

function toMessage(message: Message): ProofMessage {
  return {
    id: message.id,
    direction: message.direction === "INBOUND" ? "inbound" : "outbound",
    kind: message.kind,
    provider: message.provider,
    sid: message.sid,
    from: message.from,
    to: message.to,
    body: message.body,
    status: message.status,
    providerStatus: message.providerStatus,
    errorCode: message.errorCode,
    errorMessage: message.errorMessage,
    createdAt: message.createdAt.toISOString(),
    sentAt: iso(message.sentAt),
    statusUpdatedAt: iso(message.statusUpdatedAt),
  };
}

function toInbound(evidence: TInboundSmsEvidence): ProofInboundSms {
  return {
    messageId: evidence.messageId,
    sid: evidence.sid,
    from: evidence.from,
    to: evidence.to,
    body: evidence.body,
    receivedAt: evidence.receivedAt,
    signatureVerified: evidence.signatureVerified,
    channel: evidence.channel ?? "sms",
  };
}

function toFormVersion(
  version: SignupFormVersion & { form: { slug: string; name: string } },
): ProofFormVersion {
  return {
    formId: version.formId,
    formSlug: version.form.slug,
    formName: version.form.name,
    versionId: version.id,
    version: version.version ?? 0,
    publishedAt: iso(version.publishedAt),
    locale: version.locale,
    programName: version.programName,
    headline: version.headline,
    consentText: version.consentText,
    frequencyText: version.frequencyText,
    ratesText: version.ratesText,
    helpTextTemplate: version.helpText,
    helpText: renderFormSms(version.helpText, version),
    confirmationMessageTemplate: version.confirmationMessage,
    confirmationMessage: renderFormSms(version.confirmationMessage, version),
    buttonLabel: version.buttonLabel,
    termsUrl: version.termsUrl || null,
    termsVersion: version.termsVersion || null,
    privacyUrl: version.privacyUrl || null,
    privacyVersion: version.privacyVersion || null,
  };
}

function toConsent(
  consent: Consent | undefined,
  events: { parsed: ParsedEvent | null }[],
): ProofConsent {
  if (!consent) {
    return {
      state: "never_given",
      grantedAt: null,
      grantMethod: null,
      confirmedAt: null,
      confirmMethod: null,
      revokedAt: null,
      revokeMethod: null,
    };
  }
  // The consent row keeps no confirmation method; the last confirmation event has it.
  let confirmMethod: string | null = null;
  if (consent.purpose === "MARKETING" && consent.confirmedAt) {
    const last = events
      .map((event) => event.parsed)
      .filter(
        (
          parsed,
        ): parsed is Extract<
          ParsedEvent,
          { type: "marketing.confirmed" | "marketing.regranted" }
        > => parsed?.type === "marketing.confirmed" || parsed?.type === "marketing.regranted",
      )
      .at(-1);
    if (last?.type === "marketing.confirmed") confirmMethod = last.data.method;
    if (last?.type === "marketing.regranted") confirmMethod = `keyword ${last.data.keyword}`;
  }
  const state: ProofConsent["state"] = !consent.grantedAt
    ? "never_given"
    : consent.revokedAt
      ? "withdrawn"
      : consent.confirmedAt || consent.purpose === "VERIFICATION"
        ? "active"
        : "awaiting_confirmation";
  return {
    state,
    grantedAt: iso(consent.grantedAt),
    grantMethod: consent.grantMethod,
    confirmedAt: iso(consent.confirmedAt),
    confirmMethod,
    revokedAt: iso(consent.revokedAt),
    revokeMethod: consent.revokeMethod,
  };
}
