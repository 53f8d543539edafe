// Playwright's `test`, with each test's browsers arriving from a network of their own.
// Public signups and account sign-ups are limited per client network (20 signups per 10
// minutes, 30 sign-ups an hour), and a whole run sends more than that from this one machine.
// The e2e server trusts a proxy (TRUST_PROXY=true in playwright.config.ts), as behind a load
// balancer, so an X-Forwarded-For entry per test gives each test its own network; the limits
// themselves are untouched (tests/integration and risk.spec.ts exercise them).
import { randomBytes } from "node:crypto";
import { test as base } from "@playwright/test";

export * from "@playwright/test";

/** An address in 198.18.0.0/15 (reserved for benchmarks), new for each call. */
export function distinctClientAddress(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `198.${18 + (a & 1)}.${b}.${c | 1}`;
}

export const test = base.extend({
  // Contexts a test opens itself (browser.newContext()) take the same options.
  extraHTTPHeaders: async ({}, provide) => {
    await provide({ "X-Forwarded-For": distinctClientAddress() });
  },
});
