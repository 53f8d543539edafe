// The background work of each app server. wakeOutbox sends just-queued SMS at once, in the
// background of the request that queued them (the request answers right after its commit and
// never waits for the provider). The periodic loop sends whatever is due (retries, anything a
// crash, a restart or another server left behind), publishes evidence checkpoints, prunes old
// rate-limit counters and redacts verification codes from SMS that no longer need them, and
// once a day erases pending subscribers past their organization's retention period. Due
// webhook deliveries run beside it, in a pass of their own, so that a slow receiver (10 s per
// attempt) never holds up a text.
//
// At shutdown (stopOutbox) no new message is claimed or started; a send already handed to the
// provider is finished; messages this process claimed but did not start are handed back
// (lease cleared) so that another server sends them at once rather than after the lease. A
// webhook delivery under way finishes; none starts (claimed ones wait for their lease).
import "server-only";
import { publishDueCheckpoints } from "@/lib/consent-events/publish-checkpoint";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { markOutboxWorkerRan } from "@/lib/ops/outbox-heartbeat";
import { runRetention } from "@/lib/privacy/run-retention";
import { pruneRateLimitCounters } from "@/lib/rate-limit/check-rate-limit";
import { processWebhookDeliveries } from "@/lib/webhooks/deliver-webhooks";
import { pruneWebhookDeliveries } from "@/lib/webhooks/prune-webhook-deliveries";
import { sendClaimedMessage } from "./outbox";
import { claimMessages, type ClaimedMessage } from "./outbox-claim";
import { scrubSentCodes } from "./redact-code";

const PRUNE_EVERY_MS = 10 * 60 * 1000;
const CHECKPOINT_CHECK_EVERY_MS = 60 * 1000;
/** Retention runs at the first pass after start, then daily (each server; see run-retention.ts). */
const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;
const BATCH = 50;
/** Messages queued within this time are claimed together: one claim for many requests. */
const WAKE_BATCH_MS = 5;

// Kept on globalThis: Next.js bundles instrumentation.ts (which starts and stops the worker)
// apart from the routes (which wake it), each with its own copy of this module, and the stop
// must see the routes' sends.
const globalForOutbox = globalThis as typeof globalThis & {
  __optlineOutbox?: {
    inFlight: Set<Promise<void>>;
    /** Woken but not claimed yet (the next wake batch). */
    waking: Set<string>;
    stopping: boolean;
    stopLoop: () => Promise<void>;
  };
};
const state = (globalForOutbox.__optlineOutbox ??= {
  inFlight: new Set(),
  waking: new Set(),
  stopping: false,
  stopLoop: () => Promise.resolve(),
});
const { inFlight } = state;

/**
 * Sends claimed messages one after the other. Once the outbox is stopping, the ones not
 * started yet go back to the outbox: lease cleared and the claim's attempt given back. Their
 * status is kept: QUEUED stays QUEUED; SENDING (a lease that ran out, whose earlier send may
 * have happened) stays SENDING, so the next claimer looks it up at the provider first.
 */
async function sendInTurn(claimed: ClaimedMessage[]): Promise<void> {
  for (const [index, entry] of claimed.entries()) {
    if (state.stopping) {
      await releaseClaims(claimed.slice(index));
      return;
    }
    await sendClaimedMessage(entry);
  }
}

async function releaseClaims(claimed: ClaimedMessage[]): Promise<void> {
  for (const { message } of claimed) {
    await db.message.updateMany({
      where: { id: message.id, lockedUntil: message.lockedUntil },
      data: { lockedUntil: null, attempts: { decrement: 1 } },
    });
  }
  log.info(
    { event: "outbox.leases_released", messageIds: claimed.map(({ message }) => message.id) },
    "shutting down: claimed messages handed back to the outbox",
  );
}

/** Claims and sends up to `limit` due messages; returns how many were claimed. */
async function sendDue(limit: number): Promise<number> {
  const claimed = await claimMessages(null, limit);
  await sendInTurn(claimed);
  return claimed.length;
}

/**
 * Sends these queued messages now, in the background. Runs whether or not this server's
 * periodic worker is on (OUTBOX_WORKER=off only stops the polling loop). Messages woken within
 * WAKE_BATCH_MS are claimed in one statement (under load, many requests share one claim). If
 * the send fails or the process dies, the messages stay in the outbox for the periodic pass.
 */
export function wakeOutbox(messageIds: string[]): void {
  if (messageIds.length === 0 || state.stopping) return;
  const batchStarted = state.waking.size > 0;
  for (const id of messageIds) state.waking.add(id);
  if (batchStarted) return;
  const run: Promise<void> = (async () => {
    await new Promise((resolve) => setTimeout(resolve, WAKE_BATCH_MS));
    const ids = [...state.waking];
    state.waking.clear();
    if (state.stopping) return;
    await sendInTurn(await claimMessages(ids, ids.length));
  })()
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
  state.stopping = false;
  if (env.OUTBOX_WORKER === "off") return () => Promise.resolve();
  let running = false;
  let current: Promise<void> = Promise.resolve();
  let lastPrune = 0;
  let lastCheckpoint = 0;
  let lastRetention = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      while (!state.stopping && (await sendDue(BATCH)) === BATCH) {
        // A full batch: there may be more due right now.
        markOutboxWorkerRan();
      }
      if (state.stopping) return;
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
      if (Date.now() - lastRetention > RETENTION_EVERY_MS) {
        lastRetention = Date.now();
        await runRetention({ now: new Date() });
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
      while (!state.stopping && (await processWebhookDeliveries(50)) === 50) {
        // A full batch: there may be more due right now.
      }
    } catch (error) {
      log.error({ event: "webhook.tick_failed", err: error }, "webhook delivery pass failed");
    }
  };
  const run = () => {
    if (!running) current = tick();
    if (!state.stopping) webhooks ??= deliverWebhooks().finally(() => (webhooks = null));
  };
  const timer = setInterval(run, env.OUTBOX_POLL_MS);
  timer.unref();
  run();
  state.stopLoop = async () => {
    clearInterval(timer);
    await Promise.all([current, webhooks]);
  };
  return state.stopLoop;
}

/**
 * Shutdown: the loop stops, wakes stop claiming, and whatever is being sent finishes; claimed
 * messages not started are handed back. A send still waiting on the provider when the process
 * is made to exit keeps its lease and SENDING status: when the lease runs out, the next claim
 * looks it up at the provider before sending (outbox.ts), so it is never sent twice.
 */
export async function stopOutbox(): Promise<void> {
  state.stopping = true;
  await state.stopLoop();
  await outboxIdle();
}
