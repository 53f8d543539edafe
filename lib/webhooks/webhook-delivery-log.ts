// The delivery log of an endpoint, manual redelivery and the test event. Scoped by
// organization like everything else; redelivery and the test are sent at once (the caller
// waits at most the 10 s timeout) so the person who pressed the button sees the outcome.
import "server-only";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import { deliverWebhookNow } from "./deliver-webhooks";
import { TEST_EVENT_TYPE } from "./webhook-events";
import { WEBHOOK_LEASE_SECONDS } from "./webhook-queue";
import { WEBHOOK_RETRY_WINDOW_MS } from "./webhook-retry";

export function newDeliveryId(): string {
  return `msg_${randomUUID().replaceAll("-", "")}`;
}

/**
 * When a button's delivery falls due for the background worker: after a lease, so the
 * worker on any server leaves it to the button's own attempt, yet still sends it if this
 * process dies before that attempt.
 */
function reservedForCaller(now: Date): Date {
  return new Date(now.getTime() + WEBHOOK_LEASE_SECONDS * 1000);
}

export async function listWebhookDeliveries(options: {
  organizationId: string;
  endpointId: string;
  limit?: number;
}) {
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: options.endpointId, organizationId: options.organizationId },
    select: { id: true },
  });
  if (!endpoint) throw AppError.notFound("Webhook endpoint");
  return db.webhookDelivery.findMany({
    where: { endpointId: endpoint.id, organizationId: options.organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: Math.min(Math.max(options.limit ?? 50, 1), 200),
    select: {
      id: true,
      eventType: true,
      consentEventId: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastAttemptAt: true,
      lastResponseStatus: true,
      lastError: true,
      deliveredAt: true,
      createdAt: true,
      attemptLog: {
        orderBy: { attemptedAt: "desc" },
        take: 10,
        select: {
          attemptedAt: true,
          durationMs: true,
          responseStatus: true,
          error: true,
          responseBody: true,
        },
      },
    },
  });
}

export interface SendOutcome {
  deliveryId: string;
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** Posts a webhook.test event to the endpoint now (on or off), once, without retries. */
export async function sendTestWebhook(options: {
  organizationId: string;
  endpointId: string;
}): Promise<SendOutcome> {
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: options.endpointId, organizationId: options.organizationId },
    select: { id: true },
  });
  if (!endpoint) throw AppError.notFound("Webhook endpoint");
  const now = new Date();
  const delivery = await db.webhookDelivery.create({
    data: {
      id: newDeliveryId(),
      organizationId: options.organizationId,
      endpointId: endpoint.id,
      eventType: TEST_EVENT_TYPE,
      status: "PENDING",
      nextAttemptAt: reservedForCaller(now),
      retryUntil: now,
      createdAt: now,
    },
  });
  return sendNow(delivery.id);
}

/** Queues a delivery again (same webhook-id, a fresh 3-day schedule) and sends it now. */
export async function redeliverWebhook(options: {
  organizationId: string;
  deliveryId: string;
}): Promise<SendOutcome> {
  const delivery = await db.webhookDelivery.findFirst({
    where: { id: options.deliveryId, organizationId: options.organizationId },
    select: { id: true, eventType: true, endpoint: { select: { enabled: true } } },
  });
  if (!delivery) throw AppError.notFound("Delivery");
  if (!delivery.endpoint.enabled && delivery.eventType !== TEST_EVENT_TYPE) {
    throw new AppError(ErrorCode.CONFLICT, "The endpoint is off: turn it on first");
  }
  const now = new Date();
  const { count } = await db.webhookDelivery.updateMany({
    // Not while an attempt holds it.
    where: { id: delivery.id, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: {
      status: "PENDING",
      attempts: 0,
      nextAttemptAt: reservedForCaller(now),
      lockedUntil: null,
      retryUntil:
        delivery.eventType === TEST_EVENT_TYPE
          ? now
          : new Date(now.getTime() + WEBHOOK_RETRY_WINDOW_MS),
    },
  });
  if (count === 0) throw new AppError(ErrorCode.CONFLICT, "It is being delivered right now");
  return sendNow(delivery.id);
}

async function sendNow(deliveryId: string): Promise<SendOutcome> {
  const outcome = await deliverWebhookNow(deliveryId);
  if (!outcome) {
    // Another server's worker took it first: it is on its way.
    return { deliveryId, ok: false, status: null, error: "Being delivered by the worker" };
  }
  return { deliveryId, ok: outcome.ok, status: outcome.status, error: outcome.error };
}
