// When this process's outbox worker last finished a pass. Readiness (/api/ready) requires one
// within the last minute: a server whose worker is stuck or whose database is gone should not
// take traffic. Kept on globalThis because the worker (started from instrumentation.ts) and
// the readiness route are separate bundles of this module.
const globalForHeartbeat = globalThis as typeof globalThis & { __optlineOutboxRanAt?: number };

export function markOutboxWorkerRan(at = Date.now()): void {
  globalForHeartbeat.__optlineOutboxRanAt = at;
}

/** Epoch ms of the last finished pass, or null if none has finished in this process. */
export function outboxWorkerRanAt(): number | null {
  return globalForHeartbeat.__optlineOutboxRanAt ?? null;
}
