// Next.js calls register() once when a server starts: that is where the outbox worker runs.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startOutboxWorker } = await import("@/lib/sms/outbox-worker");
  startOutboxWorker();
}
