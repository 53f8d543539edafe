// One tap on the privacy portal: withdraw marketing texts or verification codes for one list,
// or everything on every list. Each change goes through changeConsent, as staff and API
// withdrawals do, so the evidence (method "portal", the person as actor, IP and browser) and
// the cancelling of queued texts of that purpose happen in the change's own transaction.
// Only the session's own number, in the session's own organization, can be touched.
import "server-only";
import { subscriberActor } from "@/lib/consent-events/actor";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { recordPrivacyRequest } from "@/lib/privacy/record-privacy-request";
import { changeConsent } from "@/lib/verification/change-consent";
import { listPortalSubscribers } from "./get-portal-overview";

export type PortalPurpose = "marketing" | "verification" | "all";

export async function withdrawPortalConsent(options: {
  organizationId: string;
  phone: string;
  /** One of the number's subscriptions, or "all" of them. */
  subscriberId: string;
  purpose: PortalPurpose;
  /** How the person reached the portal: by a code, or by a withdraw link. */
  channel: "portal" | "withdraw_link";
  context: RequestContext;
  now?: Date;
}): Promise<{ changed: number }> {
  const now = options.now ?? new Date();
  const subscribers = await listPortalSubscribers(options);
  const targets =
    options.subscriberId === "all"
      ? subscribers
      : subscribers.filter((subscriber) => subscriber.id === options.subscriberId);
  // Another number's or another organization's subscription: as if it did not exist.
  if (targets.length === 0) throw AppError.notFound("List");
  const purposes =
    options.purpose === "all" ? (["marketing", "verification"] as const) : [options.purpose];
  const actor = subscriberActor(options.phone, options.context);
  let changed = 0;
  const touched = new Set<string>();
  for (const subscriber of targets) {
    for (const purpose of purposes) {
      const result = await changeConsent({
        organizationId: options.organizationId,
        subscriberId: subscriber.id,
        input: { purpose, action: "revoke" },
        method: "portal",
        actor,
        now,
      });
      if (result.changed) {
        changed++;
        touched.add(subscriber.id);
      }
    }
  }
  // The compliance queue lists what the person did (carried out already, so completed).
  if (changed > 0) {
    const subscribersTouched = targets.filter((subscriber) => touched.has(subscriber.id));
    await recordPrivacyRequest({
      organizationId: options.organizationId,
      phone: options.phone,
      kind: "withdrawal",
      channel: options.channel,
      details: {
        subscriberIds: subscribersTouched.map((subscriber) => subscriber.id),
        audienceIds: [...new Set(subscribersTouched.map((subscriber) => subscriber.audienceId))],
        purposes: [...purposes],
      },
      ip: options.context.ip,
      userAgent: options.context.userAgent,
    });
  }
  return { changed };
}
