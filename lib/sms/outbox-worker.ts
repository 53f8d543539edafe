// The background work of each app server. wakeOutbox sends just-queued SMS at once, in the
// background of the request that queued them (the request answers right after its commit and
// never waits for the provider). The periodic loop sends whatever is due (retries, anything a
// crash, a restart or another server left behind), publishes evidence checkpoints, prunes old
// rate-limit counters and redacts verification codes from SMS that no longer need them. Due
// webhook deliveries run beside it, in a pass of their own, so that a slow receiver (10 s per
// attempt) never holds up a text.
import "server-only";
import { publishDueCheckpoints } from "@/lib/consent-events/publish-checkpoint";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { markOutboxWorkerRan } from "@/lib/ops/outbox-heartbeat";
import { pruneRateLimitCounters } from "@/lib/rate-limit/check-rate-limit";
import { processWebhookDeliveries } from "@/lib/webhooks/deliver-webhooks";
import { pruneWebhookDeliveries } from "@/lib/webhooks/prune-webhook-deliveries";
import { dispatchMessages, processOutbox } from "./outbox";
import { scrubSentCodes } from "./redact-code";

const PRUNE_EVERY_MS = 10 * 60 * 1000;
const CHECKPOINT_CHECK_EVERY_MS = 60 * 1000;

const inFlight = new Set<Promise<void>>();

/**
 * Sends these queued messages now, in the background. Runs whether or not this server's
 * periodic worker is on (OUTBOX_WORKER=off only stops the polling loop). If the send fails or
 * the process dies, the messages stay in the outbox for the periodic pass.
 */
export function wakeOutbox(messageIds: string[]): void {
  if (messageIds.length === 0) return;
  const run: Promise<void> = dispatchMessages(messageIds)
    .catch((error: unknown) => {
      log.error(
        { event: "outbox.wake_failed", err: error },
        "sending just-queued messages failed; the worker retries",
      );
    })
    .finally(() => inFlight.delete(run));
  inFlight.add(run);
}

/** Resolves once every send started by wakeOutbox has finished (tests, scripts, shutdown). */
export async function outboxIdle(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/** Starts the periodic pass; the function it returns stops it (after the pass under way). */
export function startOutboxWorker(): () => Promise<void> {
  const env = getEnv();
  if (env.OUTBOX_WORKER === "off") return () => Promise.resolve();
  let running = false;
  let current: Promise<void> = Promise.resolve();
  let lastPrune = 0;
  let lastCheckpoint = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      while ((await processOutbox(50)) === 50) {
        // A full batch: there may be more due right now.
        markOutboxWorkerRan();
      }
      markOutboxWorkerRan();
      if (Date.now() - lastCheckpoint > CHECKPOINT_CHECK_EVERY_MS) {
        lastCheckpoint = Date.now();
        await publishDueCheckpoints({ intervalMinutes: env.EVIDENCE_CHECKPOINT_MINUTES });
      }
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await pruneRateLimitCounters();
        await scrubSentCodes();
        await pruneWebhookDeliveries();
      }
    } catch (error) {
      log.error({ event: "outbox.tick_failed", err: error }, "outbox worker pass failed");
    } finally {
      running = false;
    }
  };
  let webhooks: Promise<void> | null = null;
  const deliverWebhooks = async () => {
    try {
      while ((await processWebhookDeliveries(50)) === 50) {
        // A full batch: there may be more due right now.
      }
    } catch (error) {
      log.error({ event: "webhook.tick_failed", err: error }, "webhook delivery pass failed");
    }
  };
  const run = () => {
    if (!running) current = tick();
    webhooks ??= deliverWebhooks().finally(() => (webhooks = null));
  };
  const timer = setInterval(run, env.OUTBOX_POLL_MS);
  timer.unref();
  run();
  return async () => {
    clearInterval(timer);
    await Promise.all([current, webhooks]);
  };
}
