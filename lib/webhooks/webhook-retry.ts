// When a failed delivery is tried again, when it is given up, and when its endpoint is
// turned off. Pure, so the schedule is tested without waiting for it.

export const WEBHOOK_RETRY_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 30 * 1000;
const LONGEST_WAIT_MS = 12 * 60 * 60 * 1000;

/** Endpoints that failed this many attempts in a row, with no 2xx for the window, are turned off. */
export const DISABLE_AFTER_FAILURES = 10;
export const DISABLE_AFTER_FAILING_MS = WEBHOOK_RETRY_WINDOW_MS;

/** Wait after the n-th failed attempt (1-based): 30 s, 1 min, 2 min… doubling, at most 12 h. */
export function webhookRetryDelayMs(failedAttempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1), LONGEST_WAIT_MS);
}

/** The next attempt, or null when the next one would fall after the retry window. */
export function nextWebhookAttempt(
  failedAttempts: number,
  retryUntil: Date,
  now: Date,
): Date | null {
  const next = new Date(now.getTime() + webhookRetryDelayMs(failedAttempts));
  return next.getTime() > retryUntil.getTime() ? null : next;
}
