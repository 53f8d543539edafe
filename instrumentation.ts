// Next.js calls register() once when a server starts: that is where the outbox worker runs,
// where the outbox gauges learn to read the database (every process, for node:cluster), and
// where an unsafe configuration is announced. The outbox's shutdown (hand back its leases) is
// registered for scripts/start.ts to run on SIGTERM. The hot routes' handlers are registered
// for scripts/server.ts to call directly (lib/http/direct-routes.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { devSmsProductionWarning } = await import("@/lib/env");
  const warning = devSmsProductionWarning();
  if (warning) console.warn(warning);
  const { startOutboxWorker, stopOutbox } = await import("@/lib/sms/outbox-worker");
  const { installOutboxGauges } = await import("@/lib/ops/outbox-gauges");
  const { onShutdown } = await import("@/lib/ops/shutdown-hooks");
  installOutboxGauges();
  startOutboxWorker();
  onShutdown(stopOutbox);
  const { registerHotRoutes } = await import("@/lib/http/hot-routes");
  registerHotRoutes();
}
