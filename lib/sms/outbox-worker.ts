// The background loop of each app server: sends queued SMS that are due (retries, and
// anything left behind by a crash or restart), prunes old rate-limit counters and redacts
// verification codes from SMS that no longer need them.
import "server-only";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log/logger";
import { markOutboxWorkerRan } from "@/lib/ops/outbox-heartbeat";
import { pruneRateLimitCounters } from "@/lib/rate-limit/check-rate-limit";
import { processOutbox } from "./outbox";
import { scrubSentCodes } from "./redact-code";

const PRUNE_EVERY_MS = 10 * 60 * 1000;

export function startOutboxWorker(): () => void {
  if (getEnv().OUTBOX_WORKER === "off") return () => {};
  let running = false;
  let lastPrune = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      while ((await processOutbox(50)) === 50) {
        // A full batch: there may be more due right now.
        markOutboxWorkerRan();
      }
      markOutboxWorkerRan();
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await pruneRateLimitCounters();
        await scrubSentCodes();
      }
    } catch (error) {
      log.error({ event: "outbox.tick_failed", err: error }, "outbox worker pass failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), getEnv().OUTBOX_POLL_MS);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
