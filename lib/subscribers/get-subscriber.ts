import "server-only";
import { describeEvent } from "@/lib/consent-events/describe-event";
import { formIdsOf, parseEventData } from "@/lib/consent-events/event-types";
import { db } from "@/lib/db/client";
import { listFormNames } from "@/lib/forms/list-form-names";
import { AppError } from "@/lib/errors";
import { storedCustomFields } from "./column-mapping";

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
  const parsedEvents = subscriber.events.map((event) => ({
    ...event,
    parsed: parseEventData(event.type, event.data),
  }));
  const formNames = await listFormNames({
    organizationId: options.organizationId,
    formIds: formIdsOf(parsedEvents.map((event) => event.parsed)),
  });
  const events = parsedEvents.map((event) => ({
    ...event,
    description: describeEvent(event.parsed, { formNames }),
  }));
  const consent = (purpose: "MARKETING" | "VERIFICATION") =>
    subscriber.consents.find((c) => c.purpose === purpose) ?? null;
  return {
    ...subscriber,
    customFields: storedCustomFields(subscriber.customFields),
    events,
    marketing: consent("MARKETING"),
    verification: consent("VERIFICATION"),
  };
}

export type SubscriberDetail = Awaited<ReturnType<typeof getSubscriber>>;
