// What the privacy portal shows a person who proved their number: every list of the
// organization the number is on, each consent (marketing, verification codes) as it stands,
// and its history in plain words, in the person's language. Scoped to the session's
// organization and number: nothing of any other number is read.
import "server-only";
import { formIdsOf, parseEventData, type ParsedEvent } from "@/lib/consent-events/event-types";
import { db } from "@/lib/db/client";
import { listFormNames } from "@/lib/forms/list-form-names";
import type { Consent } from "@/lib/generated/prisma/client";
import { fillTemplate, type Locale } from "@/lib/i18n/locales";
import { PORTAL_STRINGS, type PortalStrings } from "./portal-strings";

export type ConsentState = "on" | "pending" | "off" | "never";

export interface PortalConsent {
  state: ConsentState;
  /** When it reached that state (ISO), null for "never". */
  since: string | null;
}

export interface PortalList {
  subscriberId: string;
  listName: string;
  marketing: PortalConsent;
  verification: PortalConsent;
  history: { at: string; text: string }[];
}

/** The person's subscriptions in this organization, oldest list first. */
export async function listPortalSubscribers(options: { organizationId: string; phone: string }) {
  return db.subscriber.findMany({
    where: { organizationId: options.organizationId, phone: options.phone, deletedAt: null },
    include: { audience: { select: { name: true } }, consents: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function getPortalOverview(options: {
  organizationId: string;
  organizationName: string;
  phone: string;
  locale: Locale;
}): Promise<PortalList[]> {
  const { organizationId } = options;
  const subscribers = await listPortalSubscribers(options);
  if (subscribers.length === 0) return [];
  const rows = await db.consentEvent.findMany({
    where: { organizationId, chainId: { in: subscribers.map((subscriber) => subscriber.id) } },
    orderBy: [{ chainId: "asc" }, { seq: "asc" }],
    select: { chainId: true, type: true, data: true, createdAt: true },
  });
  const events = rows.map((row) => ({ row, parsed: safeParse(row.type, row.data) }));
  const formNames = await listFormNames({
    organizationId,
    formIds: formIdsOf(events.map((event) => event.parsed)),
  });
  const strings = PORTAL_STRINGS[options.locale];
  return subscribers.map((subscriber) => {
    const marketing = subscriber.consents.find((consent) => consent.purpose === "MARKETING");
    const verification = subscriber.consents.find((consent) => consent.purpose === "VERIFICATION");
    const history = events.flatMap(({ row, parsed }) => {
      if (row.chainId !== subscriber.id || !parsed) return [];
      const text = describeForPerson(parsed, strings, options.organizationName, formNames);
      return text ? [{ at: row.createdAt.toISOString(), text }] : [];
    });
    return {
      subscriberId: subscriber.id,
      listName: subscriber.audience.name,
      marketing: marketingState(marketing, subscriber.status),
      verification: verificationState(verification),
      history,
    };
  });
}

function marketingState(consent: Consent | undefined, status: string): PortalConsent {
  if (!consent?.grantedAt) return { state: "never", since: null };
  if (consent.revokedAt || status === "UNSUBSCRIBED")
    return { state: "off", since: (consent.revokedAt ?? consent.updatedAt).toISOString() };
  if (!consent.confirmedAt) return { state: "pending", since: consent.grantedAt.toISOString() };
  return { state: "on", since: consent.confirmedAt.toISOString() };
}

function verificationState(consent: Consent | undefined): PortalConsent {
  if (!consent?.grantedAt) return { state: "never", since: null };
  if (consent.revokedAt) return { state: "off", since: consent.revokedAt.toISOString() };
  return { state: "on", since: consent.grantedAt.toISOString() };
}

function safeParse(type: string, data: unknown): ParsedEvent | null {
  try {
    return parseEventData(type, data);
  } catch {
    return null;
  }
}

/**
 * One consent event as the person would say it. Only what concerns their consent: texts sent,
 * codes and deliveries are in the downloadable proof, not in this history.
 */
export function describeForPerson(
  event: ParsedEvent,
  strings: PortalStrings,
  organizationName: string,
  formNames: ReadonlyMap<string, string>,
): string | null {
  const how = (method: string) =>
    fillTemplate(strings.how[method] ?? method, { org: organizationName });
  const fill = (template: string, values: Record<string, string>) =>
    fillTemplate(template, { org: organizationName, ...values });
  switch (event.type) {
    case "signup.submitted": {
      const form = formNames.get(event.data.formId) ?? event.data.formSlug;
      return fill(
        event.data.outcome === "pending" ? strings.history_signedUp : strings.history_repeat,
        { form },
      );
    }
    case "marketing.confirmed":
      return event.data.reply
        ? fill(strings.history_confirmedReply, { reply: event.data.reply.body.trim() })
        : strings.history_confirmedCode;
    case "marketing.revoked":
      return fill(strings.history_revoked, { how: how(event.data.method) });
    case "marketing.regranted":
      return fill(strings.history_regranted, { keyword: event.data.keyword });
    case "marketing.granted":
      return fill(strings.history_granted, { how: how(event.data.method) });
    case "subscriber.added":
      return fill(strings.history_added, { how: how(event.data.method) });
    case "verification.granted":
      return fill(strings.history_verificationGranted, { how: how(event.data.method) });
    case "verification.revoked":
      return fill(strings.history_verificationRevoked, { how: how(event.data.method) });
    case "subscriber.deleted":
      return fill(strings.history_deleted, {});
    default:
      return null;
  }
}
