// The public JSON shape of a subscriber (API v1). Times are ISO-8601 UTC.
import type { Consent, Subscriber } from "@/lib/generated/prisma/client";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function serializeConsent(consent: Consent | null | undefined) {
  if (!consent) return null;
  return {
    grantedAt: iso(consent.grantedAt),
    confirmedAt: iso(consent.confirmedAt),
    revokedAt: iso(consent.revokedAt),
    grantMethod: consent.grantMethod,
    revokeMethod: consent.revokeMethod,
  };
}

export function serializeSubscriber(
  subscriber: Subscriber & { consents: Consent[]; audience: { id: string; name: string } },
) {
  const find = (purpose: Consent["purpose"]) =>
    subscriber.consents.find((c) => c.purpose === purpose);
  return {
    id: subscriber.id,
    phone: subscriber.phone,
    country: subscriber.country,
    locale: subscriber.locale,
    status: subscriber.status.toLowerCase(),
    audience: subscriber.audience,
    formId: subscriber.formId,
    formVersionId: subscriber.formVersionId,
    createdAt: iso(subscriber.createdAt),
    confirmedAt: iso(subscriber.confirmedAt),
    unsubscribedAt: iso(subscriber.unsubscribedAt),
    consents: {
      marketing: serializeConsent(find("MARKETING")),
      verification: serializeConsent(find("VERIFICATION")),
    },
  };
}
