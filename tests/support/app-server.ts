// optline servers in their own processes, started as `npm start` starts them (scripts/start.ts:
// build when the sources changed, migrate, serve; one process per core unless
// WEB_CONCURRENCY says otherwise), on a PostgreSQL database of the test's own, with the real
// `twilio` SDK talking to a local fake Twilio. For tests of what only whole servers show:
// graceful shutdown, several servers on one database. Requests come through the documented
// trusted-proxy setting (TRUST_PROXY=true, one X-Forwarded-For address per visitor), as behind
// a load balancer, so that no rate limit is loosened to let a test's traffic through.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, request, type Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { closeConnection, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { signTwilioRequest } from "@/lib/sms/twilio-signature";
import { resetSmsProvider } from "@/lib/sms/providers/get-sms-provider";
import { FakeTwilio } from "./fake-twilio";
import { runAdminSql, TEST_POSTGRES_ADMIN_URL } from "./postgres-admin";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN, TEST_ENV } from "./test-env";

const SENDER = "+12025550000";
/** The servers' /api/metrics token. */
export const METRICS_TOKEN = "servers-test-metrics-token-0123456789";
const WEBHOOK_PATH = "/api/webhooks/twilio/sms";
// A first start may build the app (`next build`), which takes minutes on a busy machine.
const START_TIMEOUT_MS = 10 * 60_000;

export interface AppServer {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** The last lines it printed (for failure messages). */
  output(): string;
}

/** A fresh PostgreSQL database, migrated, with the test process's domain code pointed at it. */
export async function createServersDatabase(label: string) {
  const name = `optline_twoservers_${label}_${randomBytes(4).toString("hex")}`;
  await runAdminSql(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  Object.assign(process.env, TEST_ENV, {
    DATABASE_URL: url.toString(),
    LOG_LEVEL: "silent",
    SMS_PROVIDER: "twilio",
    TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: SENDER,
  });
  resetEnvCache();
  resetSmsProvider();
  await migrateDatabase(getConnection());
  return {
    url: url.toString(),
    async drop() {
      await closeConnection();
      await runAdminSql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export async function startFakeTwilio(): Promise<FakeTwilio> {
  return new FakeTwilio({
    accountSid: FAKE_TWILIO_ACCOUNT_SID,
    authToken: FAKE_TWILIO_AUTH_TOKEN,
  }).start();
}

/** A port nothing listens on now (the system picks it), so that no other server answers. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export async function startAppServer(options: {
  name: string;
  databaseUrl: string;
  twilio: FakeTwilio;
  processes: number;
}): Promise<AppServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    // Behind one load balancer, every server has the one public address (webhook signatures).
    PUBLIC_BASE_URL: TEST_ENV.PUBLIC_BASE_URL,
    AUTH_SECRET: TEST_ENV.AUTH_SECRET,
    DATABASE_URL: options.databaseUrl,
    SEED_DEMO_DATA: "false",
    TRUST_PROXY: "true",
    WEB_CONCURRENCY: String(options.processes),
    SMS_PROVIDER: "twilio",
    TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN,
    TWILIO_FROM_NUMBER: SENDER,
    TWILIO_API_URL: options.twilio.url,
    MAIL_PROVIDER: "dev",
    OUTBOX_POLL_MS: "500",
    METRICS_TOKEN,
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const server: AppServer = { name: options.name, baseUrl, child, exited, output: () => output };
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.name} exited:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${options.name} did not start:\n${output}`);
    const answer = await post(baseUrl, { method: "GET", path: "/api/health" });
    if (answer.status === 200) return server;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Stops a server if a test left it running (after a failure). */
export async function killAppServer(server: AppServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill("SIGKILL");
  await server.exited;
}

export interface HttpRequest {
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The status, or the connection error's code (ECONNREFUSED: refused before it started). */
export type HttpAnswer = { status: number; error?: undefined } | { status: 0; error: string };

export function post(baseUrl: string, req: HttpRequest, agent?: Agent): Promise<HttpAnswer> {
  const url = new URL(baseUrl);
  const body = req.body ?? "";
  return new Promise((resolve) => {
    const sent = request(
      {
        agent: agent ?? false,
        host: url.hostname,
        port: url.port,
        method: req.method ?? "POST",
        path: req.path,
        headers: { ...req.headers, "Content-Length": Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", (error: NodeJS.ErrnoException) =>
          resolve({ status: 0, error: error.code ?? error.message }),
        );
      },
    );
    sent.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, error: error.code ?? error.message }),
    );
    sent.end(body);
  });
}

/** One series' value from a scrape of /api/metrics (0 when the series is absent). */
export async function scrapeMetric(baseUrl: string, series: string): Promise<number> {
  const response = await fetch(`${baseUrl}/api/metrics`, {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  if (response.status !== 200) throw new Error(`/api/metrics answered ${response.status}`);
  const line = (await response.text()).split("\n").find((entry) => entry.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

let visitor = 0;
/** A new visitor's address for each request (10.x.y.z), as the load balancer reports it. */
export function nextClientIp(): string {
  visitor += 1;
  return `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
}

export function signupRequest(formId: string, phone: string, clientIp: string): HttpRequest {
  return {
    path: `/api/v1/public/forms/${formId}/signups`,
    headers: { "Content-Type": "application/json", "X-Forwarded-For": clientIp },
    body: JSON.stringify({ phone, country: "US", marketingConsent: true }),
  };
}

/** A YES from `phone`, signed as Twilio signs it; retries reuse the same MessageSid. */
export function yesWebhook(phone: string, messageSid: string, clientIp: string): HttpRequest {
  const params = {
    MessageSid: messageSid,
    SmsSid: messageSid,
    AccountSid: FAKE_TWILIO_ACCOUNT_SID,
    From: phone,
    To: SENDER,
    Body: "YES",
    NumMedia: "0",
  };
  const signature = signTwilioRequest(
    `${TEST_ENV.PUBLIC_BASE_URL}${WEBHOOK_PATH}`,
    params,
    FAKE_TWILIO_AUTH_TOKEN,
  );
  return {
    path: WEBHOOK_PATH,
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": signature,
      "X-Forwarded-For": clientIp,
    },
    body: new URLSearchParams(params).toString(),
  };
}
