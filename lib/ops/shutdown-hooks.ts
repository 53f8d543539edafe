// Work a server process finishes before it exits on SIGTERM (the outbox worker hands back its
// leases). Registered from inside the Next.js bundle (instrumentation.ts), run by
// scripts/start.ts (tsx): two copies of this module, so the list is kept on globalThis.
type ShutdownHook = () => Promise<void>;

const globalForShutdown = globalThis as typeof globalThis & {
  __optlineShutdownHooks?: ShutdownHook[];
};

export function onShutdown(hook: ShutdownHook): void {
  (globalForShutdown.__optlineShutdownHooks ??= []).push(hook);
}

/** Runs every hook, in the order they were registered; a failing hook does not stop the rest. */
export async function runShutdownHooks(onError: (error: unknown) => void): Promise<void> {
  for (const hook of globalForShutdown.__optlineShutdownHooks ?? []) {
    await hook().catch(onError);
  }
}
