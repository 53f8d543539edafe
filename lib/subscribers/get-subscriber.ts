import "server-only";
import { describeEvent } from "@/lib/consent-events/describe-event";
import { parseEventData } from "@/lib/consent-events/event-types";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** One subscriber of the organization, with both consents, the event timeline and the messages. */
export async function getSubscriber(options: { organizationId: string; subscriberId: string }) {
  const subscriber = await db.subscriber.findFirst({
    where: { id: options.subscriberId, organizationId: options.organizationId },
    include: {
      audience: { select: { id: true, name: true } },
      form: { select: { id: true, name: true, slug: true } },
      formVersion: true,
      consents: { orderBy: { purpose: "asc" } },
      events: { orderBy: { seq: "asc" } },
      messages: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!subscriber) throw AppError.notFound("Subscriber");
  const events = subscriber.events.map((event) => {
    const parsed = parseEventData(event.type, event.data);
    return { ...event, parsed, description: describeEvent(parsed) };
  });
  const consent = (purpose: "MARKETING" | "VERIFICATION") =>
    subscriber.consents.find((c) => c.purpose === purpose) ?? null;
  return {
    ...subscriber,
    events,
    marketing: consent("MARKETING"),
    verification: consent("VERIFICATION"),
  };
}

export type SubscriberDetail = Awaited<ReturnType<typeof getSubscriber>>;
