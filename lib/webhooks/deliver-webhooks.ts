// Sends claimed deliveries: builds the payload from stored facts, signs it with the
// endpoint's secret (a fresh webhook-timestamp on every attempt, the same webhook-id), posts
// it (post-webhook.ts) and records the outcome. Run by each server's background worker
// (lib/sms/outbox-worker.ts) and at once by the test and redeliver buttons.
import "server-only";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { postWebhook, type WebhookPostResult } from "./post-webhook";
import { signWebhook } from "./sign-webhook";
import { buildWebhookPayload } from "./webhook-payload";
import {
  claimWebhookDeliveries,
  recordWebhookOutcome,
  type ClaimedDelivery,
  type DeliveryOutcome,
} from "./webhook-queue";
import { nextWebhookAttempt } from "./webhook-retry";
import { TEST_EVENT_TYPE } from "./webhook-events";
import { decryptWebhookSecret } from "./webhook-secret";

/** Delivers every due delivery, up to `limit`, in parallel; returns how many were claimed. */
export async function processWebhookDeliveries(limit = 50): Promise<number> {
  const claimed = await claimWebhookDeliveries(null, limit);
  await Promise.all(claimed.map(deliverClaimed));
  return claimed.length;
}

/** Delivers this one delivery now if it is due and not leased; its outcome, or null. */
export async function deliverWebhookNow(deliveryId: string): Promise<DeliveryOutcome | null> {
  const [claimed] = await claimWebhookDeliveries(deliveryId, 1);
  return claimed ? deliverClaimed(claimed) : null;
}

async function deliverClaimed(delivery: ClaimedDelivery): Promise<DeliveryOutcome> {
  const attemptedAt = new Date();
  const result = await send(delivery);
  const retryAt =
    result.ok || delivery.eventType === TEST_EVENT_TYPE
      ? null
      : nextWebhookAttempt(delivery.attempts, delivery.retryUntil, attemptedAt);
  const outcome: DeliveryOutcome = { ...result, attemptedAt, retryAt };
  try {
    const { recorded, endpointDisabled } = await recordWebhookOutcome(delivery, outcome);
    if (!result.ok) {
      log.warn(
        {
          event: "webhook.delivery_failed",
          deliveryId: delivery.deliveryId,
          endpointId: delivery.endpointId,
          status: result.status,
          error: result.error,
          attempt: delivery.attempts,
          willRetry: retryAt !== null,
          recorded,
        },
        "webhook delivery failed",
      );
    }
    if (endpointDisabled) {
      log.warn(
        { event: "webhook.endpoint_disabled", endpointId: delivery.endpointId },
        "webhook endpoint turned off after failing for 3 days",
      );
    }
  } catch (error) {
    // The lease runs out and the delivery is tried again: at least once.
    log.error(
      { event: "webhook.record_failed", deliveryId: delivery.deliveryId, err: error },
      "could not record a webhook delivery; it will be retried",
    );
  }
  return outcome;
}

async function send(delivery: ClaimedDelivery): Promise<WebhookPostResult> {
  let secret: string;
  try {
    secret = decryptWebhookSecret(delivery.secretEncrypted, delivery.organizationId);
  } catch {
    return {
      ok: false,
      status: null,
      error: "The signing secret cannot be read (was AUTH_SECRET changed?): roll the secret",
      body: null,
      durationMs: 0,
    };
  }
  const body = JSON.stringify(buildWebhookPayload(delivery));
  const headers = signWebhook({
    secret,
    id: delivery.deliveryId,
    timestamp: Date.now() / 1000,
    body,
  });
  return postWebhook({
    url: delivery.url,
    headers: { ...headers },
    body,
    policy: { allowPrivate: getEnv().webhookAllowPrivateTargets },
  });
}
