// Staff edits and deletion. Each is an event with its actor; deletion hides the subscriber
// and stops all texting, but the row and its evidence stay (and the database would refuse
// to delete the evidence anyway).
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { cancelBlockedMessages } from "@/lib/sms/cancel-blocked-messages";
import { ZDeleteSubscriberSchema, ZUpdateSubscriberSchema } from "./staff-subscriber-schemas";

export async function updateSubscriber(options: {
  organizationId: string;
  subscriberId: string;
  actor: Actor;
  input: unknown;
}) {
  const input = parseInput(ZUpdateSubscriberSchema, options.input);
  await db.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findFirst({
      where: { id: options.subscriberId, organizationId: options.organizationId, deletedAt: null },
    });
    if (!subscriber) throw AppError.notFound("Subscriber");
    if (subscriber.locale === input.locale) return;
    await tx.subscriber.update({ where: { id: subscriber.id }, data: { locale: input.locale } });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      subscriberId: subscriber.id,
      type: "subscriber.updated",
      data: { changes: { locale: { from: subscriber.locale, to: input.locale } } },
      actor: options.actor,
    });
  });
}

export async function deleteSubscriber(options: {
  organizationId: string;
  subscriberId: string;
  actor: Actor;
  input: unknown;
}) {
  const { reason } = parseInput(ZDeleteSubscriberSchema, options.input);
  await db.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findFirst({
      where: { id: options.subscriberId, organizationId: options.organizationId, deletedAt: null },
    });
    if (!subscriber) throw AppError.notFound("Subscriber");
    await tx.$queryRaw`SELECT 1 FROM "Subscriber" WHERE "id" = ${subscriber.id} FOR UPDATE`;
    await tx.subscriber.update({ where: { id: subscriber.id }, data: { deletedAt: new Date() } });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      subscriberId: subscriber.id,
      type: "subscriber.deleted",
      data: { reason },
      actor: options.actor,
    });
    // Anything still waiting to be sent to them is canceled (and recorded as such).
    await cancelBlockedMessages(tx, { subscriberIds: [subscriber.id] });
  });
}
