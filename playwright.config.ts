// End-to-end tests in a real browser against the real server (npm start: production build,
// dev SMS provider) on embedded PGlite in a throwaway folder, or, with E2E_DATABASE=postgres,
// on PostgreSQL in a database made empty for the run (optline_e2e on TEST_POSTGRES_URL's
// server). The browser is found without downloads: PLAYWRIGHT_CHROMIUM_PATH, else Debian's
// /usr/bin/chromium, else Playwright's own.
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
/** The server's /api/metrics token (e2e/operations.spec.ts scrapes it). */
export const METRICS_TOKEN = "e2e-only-metrics-token-0123456789abcdef";
export const baseURL = `http://127.0.0.1:${port}`;
/**
 * Where the server's Twilio API calls go (TWILIO_API_URL): a fake Twilio that a spec starts on
 * this port when it needs one (e2e/senders.spec.ts); nothing listens there otherwise. The SMS
 * provider stays dev: only organizations' own senders call it.
 */
export const FAKE_TWILIO_PORT = port + 500;

const database = process.env.E2E_DATABASE === "postgres" ? "postgres" : "pglite";
const postgresUrl = new URL(
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
);
// E2E_POSTGRES_DATABASE lets several checkouts run their PostgreSQL e2e runs side by side.
postgresUrl.pathname = `/${process.env.E2E_POSTGRES_DATABASE ?? "optline_e2e"}`;

function chromiumPath(): string | undefined {
  const candidates = [
    process.env.PLAYWRIGHT_CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
  ];
  return candidates.find((candidate): candidate is string =>
    Boolean(candidate && existsSync(candidate)),
  );
}

export default defineConfig({
  testDir: "e2e",
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  // Sign-up now goes through an emailed link (three password hashes): specs that make two
  // organizations need more than a minute on a busy 2-core machine.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  outputDir: `test-results/${database}`,
  reporter: process.env.CI
    ? [["list"], ["html", { open: "never", outputFolder: `playwright-report/${database}` }]]
    : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command:
      database === "postgres" ? "tsx e2e/support/recreate-database.ts && npm start" : "npm start",
    url: `${baseURL}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: baseURL,
      PGLITE_DATA_DIR: path.join(tmpdir(), `optline-e2e-${process.pid}-${Date.now()}`),
      SEED_DEMO_DATA: "false",
      SMS_PROVIDER: "dev",
      MAIL_PROVIDER: "dev",
      // npm start is a production server: the dev provider must be allowed explicitly.
      ALLOW_DEV_SMS_IN_PRODUCTION: "true",
      AUTH_SECRET: "e2e-only-auth-secret-0123456789abcdef",
      OUTBOX_POLL_MS: "500",
      TWILIO_API_URL: `http://127.0.0.1:${FAKE_TWILIO_PORT}`,
      METRICS_TOKEN,
      // As behind a load balancer: the client address is the last X-Forwarded-For entry. Lets
      // signUp() in e2e/support/app.ts come from distinct networks (client-ip.spec.ts).
      TRUST_PROXY: "true",
      // e2e/webhooks.spec.ts posts to a receiver on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      // Request lines would drown Playwright's output; warnings and errors still show.
      LOG_LEVEL: "warn",
      DATABASE_URL: database === "postgres" ? postgresUrl.toString() : "",
    },
  },
});
