// Operations endpoints on a real database: liveness, readiness (database, migrations, outbox
// worker, Redis), Prometheus metrics (token, values that move with real traffic), and the
// log events of outbox sends and webhooks (ids, never a full number or a code).
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as ready } from "@/app/api/ready/route";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { POST as statusWebhook } from "@/app/api/webhooks/twilio/status/route";
import { closeConnection, db, getConnection } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { installOutboxGauges } from "@/lib/ops/outbox-gauges";
import { markOutboxWorkerRan } from "@/lib/ops/outbox-heartbeat";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { closeRateLimitStore } from "@/lib/rate-limit/rate-limit-store";
import { createRedisRateLimitStore } from "@/lib/rate-limit/redis-rate-limit-store";
import { captureAppLogs } from "../support/capture-logs";
import { FakeTwilio } from "../support/fake-twilio";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN } from "../support/test-env";
import { useFakeTwilio } from "../support/use-fake-twilio";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789abcdef";
const onPostgres = process.env.TEST_DATABASE === "postgres";

/** Sets environment variables for one test; the returned function puts them back. */
function withEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (next: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  };
  apply(values);
  return () => apply(saved);
}

async function readiness() {
  const response = await ready();
  const body = (await response.json()) as {
    status: string;
    checks: Record<string, { ok: boolean; detail: string; required: boolean }>;
  };
  return { status: response.status, body };
}

function scrape(authorization?: string, ip = "10.77.0.1") {
  return metricsRoute(
    new Request("http://internal/api/metrics", {
      headers: { "x-forwarded-for": ip, ...(authorization ? { authorization } : {}) },
    }),
  );
}

/** The value of one series in a scrape (0 when the series does not exist yet). */
async function metricValue(series: string): Promise<number> {
  const response = await scrape(`Bearer ${METRICS_TOKEN}`);
  expect(response.status).toBe(200);
  const line = (await response.text()).split("\n").find((entry) => entry.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let ipCounter = 0;

/** Signs up and waits for the texts it queued, which go out in the background. */
async function signUp(phone: string, formId = fixture.form.id) {
  ipCounter += 1;
  const response = await signupRoute(
    signupRequest(
      formId,
      { phone, country: "US", marketingConsent: true },
      { "x-forwarded-for": `10.78.${Math.floor(ipCounter / 200)}.${ipCounter % 200}` },
    ),
    { params: Promise.resolve({ formId }) },
  );
  await outboxIdle();
  return response;
}

beforeAll(async () => {
  fixture = await createPublishedFormFixture({ label: "Ops" });
  installOutboxGauges(); // as instrumentation.ts does in every server process
});

describe("GET /api/health", () => {
  it("answers 200 with nothing but a status", async () => {
    const response = health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});

describe("GET /api/ready", () => {
  afterEach(() => markOutboxWorkerRan());

  it("is ready when the database answers, every migration is applied and the worker ran", async () => {
    markOutboxWorkerRan();
    const { status, body } = await readiness();
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ready",
      checks: {
        database: { ok: true, detail: "up", required: true },
        migrations: { ok: true, detail: "all applied", required: true },
        outboxWorker: { ok: true, detail: "last pass 0 s ago", required: true },
      },
    });
  });

  it("is not ready (503, naming the check) when the outbox worker has been silent for over a minute", async () => {
    markOutboxWorkerRan(Date.now() - 61_000);
    const { status, body } = await readiness();
    expect(status).toBe(503);
    expect(body.status).toBe("not_ready");
    expect(body.checks.outboxWorker).toEqual({
      ok: false,
      detail: "last pass 61 s ago",
      required: true,
    });
    expect(body.checks.database!.ok).toBe(true);
  });

  it("does not wait for a worker that is switched off (OUTBOX_WORKER=off)", async () => {
    markOutboxWorkerRan(Date.now() - 3_600_000);
    const restore = withEnv({ OUTBOX_WORKER: "off" });
    try {
      const { status, body } = await readiness();
      expect(status).toBe(200);
      expect(body.checks.outboxWorker).toMatchObject({ ok: true, detail: "off" });
    } finally {
      restore();
    }
  });

  it("is not ready while a migration of this code is not applied", async () => {
    markOutboxWorkerRan();
    const [latest] = await getConnection().raw.query<{ migration_name: string }>(
      `SELECT "migration_name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`,
    );
    const name = latest!.migration_name;
    await getConnection().raw.query(
      `UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE "migration_name" = $1`,
      [name],
    );
    try {
      const { status, body } = await readiness();
      expect(status).toBe(503);
      expect(body.checks.migrations).toEqual({ ok: false, detail: "1 pending", required: true });
      expect(body.checks.database!.ok).toBe(true);
    } finally {
      await getConnection().raw.query(
        `UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "migration_name" = $1`,
        [name],
      );
    }
  });

  it("reports Redis when REDIS_URL is set, without failing readiness (the database is the fallback)", async () => {
    markOutboxWorkerRan();
    const restore = withEnv({ REDIS_URL: "redis://127.0.0.1:1" });
    try {
      const { status, body } = await readiness();
      expect(status).toBe(200);
      expect(body.checks.redis).toMatchObject({ ok: false, required: false });
      expect(body.checks.redis!.detail).toMatch(
        /^(unreachable|timeout|error) \(database fallback\)$/,
      );
    } finally {
      await closeRateLimitStore();
      restore();
    }
  });

  it("reports a Redis that answers as up", async (context) => {
    const url = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
    const probe = createRedisRateLimitStore({ url });
    const answers = await probe.ping().then(
      () => true,
      () => false,
    );
    await probe.close();
    if (!answers && process.env.CI === "true") throw new Error(`CI=true but no Redis at ${url}`);
    if (!answers) return context.skip();
    markOutboxWorkerRan();
    const restore = withEnv({ REDIS_URL: url });
    try {
      const { status, body } = await readiness();
      expect(status).toBe(200);
      expect(body.checks.redis).toEqual({ ok: true, detail: "up", required: false });
    } finally {
      await closeRateLimitStore();
      restore();
    }
  });
});

// A TCP proxy between the app and PostgreSQL that the test can cut: the real way a database
// goes away (the shared PostgreSQL server itself is never stopped).
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  mode: "forward" | "blackhole" = "forward";
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on("close", () => this.sockets.delete(client));
      client.on("error", () => {});
      if (this.mode === "blackhole") return; // accepted, never answered
      const upstream = connect(this.target);
      this.sockets.add(upstream);
      upstream.on("close", () => this.sockets.delete(upstream));
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Drops every open connection; with `refuse`, stops listening too. */
  async cut(refuse: boolean): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (refuse) await new Promise((resolve) => this.server?.close(resolve));
    // Let the pool see its connections close before the next query.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.runIf(onPostgres)("GET /api/ready when PostgreSQL goes away", () => {
  let proxy: CuttableProxy;
  let restoreEnv: () => void;

  beforeAll(async () => {
    const direct = new URL(process.env.DATABASE_URL!);
    proxy = new CuttableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.start();
    const viaProxy = new URL(direct);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    await closeConnection();
    restoreEnv = withEnv({ DATABASE_URL: viaProxy.toString() });
  });

  afterAll(async () => {
    await proxy.cut(true);
    await closeConnection().catch(() => {});
    restoreEnv();
  });

  it("answers 503 within the check timeout when connections hang, and ready again after", async () => {
    markOutboxWorkerRan();
    expect((await readiness()).status).toBe(200);

    proxy.mode = "blackhole";
    await proxy.cut(false);
    const started = Date.now();
    const { status, body } = await readiness();
    expect(status).toBe(503);
    expect(body.checks.database).toEqual({ ok: false, detail: "timeout", required: true });
    expect(Date.now() - started).toBeLessThan(5000); // bounded by the 1 s check timeout, not TCP's
    // Nothing about the database (host, user, driver message) is in the answer.
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|postgres|optline_test/);

    proxy.mode = "forward";
    await proxy.cut(false); // the hung connection attempts fail; new ones go through
    markOutboxWorkerRan();
    expect((await readiness()).status).toBe(200);
  });

  it("answers 503 'unreachable' when the database refuses connections", async () => {
    markOutboxWorkerRan();
    await proxy.cut(true);
    const { status, body } = await readiness();
    expect(status).toBe(503);
    expect(body.checks.database).toEqual({ ok: false, detail: "unreachable", required: true });
  });
});

describe("GET /api/metrics", () => {
  let restoreEnv: () => void = () => {};
  afterEach(() => restoreEnv());

  it("does not exist unless METRICS_TOKEN is set", async () => {
    restoreEnv = withEnv({ METRICS_TOKEN: undefined });
    expect((await scrape(`Bearer ${METRICS_TOKEN}`)).status).toBe(404);
  });

  it("requires the bearer token and refuses a wrong one", async () => {
    restoreEnv = withEnv({ METRICS_TOKEN });
    expect((await scrape()).status).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Bearer ${METRICS_TOKEN.slice(0, -1)}`)).status).toBe(401);
    expect((await scrape(`Basic ${METRICS_TOKEN}`)).status).toBe(401);
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE optline_http_request_duration_seconds histogram");
    expect(text).toContain("# TYPE optline_outbox_depth gauge");
  });

  it("stops answering an IP that keeps sending wrong tokens", async () => {
    restoreEnv = withEnv({ METRICS_TOKEN });
    // The limiter counts in fixed one-minute windows: start well inside one.
    const toNextMinute = 60_000 - (Date.now() % 60_000);
    if (toNextMinute < 5000) await new Promise((resolve) => setTimeout(resolve, toNextMinute + 50));
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await scrape("Bearer wrong", "10.77.9.9")).status);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // Another address with the right token is not affected.
    expect((await scrape(`Bearer ${METRICS_TOKEN}`, "10.77.9.10")).status).toBe(200);
  });

  it("counts signups by result, confirmations, inbound intents and duplicate webhooks", async () => {
    restoreEnv = withEnv({ METRICS_TOKEN });
    const series = {
      pending: 'optline_signups_total{result="pending"}',
      repeat: 'optline_signups_total{result="repeat_pending"}',
      invalid: 'optline_signups_total{result="validation_failed"}',
      confirmed: 'optline_confirmations_total{method="sms_reply",result="confirmed"}',
      confirmIntent: 'optline_inbound_sms_total{intent="confirm"}',
      duplicate: 'optline_inbound_sms_total{intent="duplicate"}',
      sent: 'optline_sms_send_attempts_total{provider="dev",kind="confirmation"}',
    };
    const before = Object.fromEntries(
      await Promise.all(
        Object.entries(series).map(async ([key, name]) => [key, await metricValue(name)] as const),
      ),
    );

    expect((await signUp("3035550181")).status).toBe(202);
    expect(await metricValue(series.pending)).toBe(before.pending! + 1);
    expect(await metricValue(series.sent)).toBe(before.sent! + 1);

    expect((await signUp("3035550181")).status).toBe(202);
    expect(await metricValue(series.repeat)).toBe(before.repeat! + 1);

    expect((await signUp("12")).status).toBe(422);
    expect(await metricValue(series.invalid)).toBe(before.invalid! + 1);

    const yes = inboundSmsParams("+13035550181", "YES");
    expect((await smsWebhook(signedTwilioRequest("/api/webhooks/twilio/sms", yes))).status).toBe(
      200,
    );
    expect(await metricValue(series.confirmed)).toBe(before.confirmed! + 1);
    expect(await metricValue(series.confirmIntent)).toBe(before.confirmIntent! + 1);

    // Twilio retries the same webhook: counted as a duplicate, not as a second confirmation.
    await smsWebhook(signedTwilioRequest("/api/webhooks/twilio/sms", yes));
    expect(await metricValue(series.duplicate)).toBe(before.duplicate! + 1);
    expect(await metricValue(series.confirmed)).toBe(before.confirmed! + 1);
  });

  it("reads the outbox depth and the oldest queued age from the database at scrape time", async () => {
    restoreEnv = withEnv({ METRICS_TOKEN });
    expect(await metricValue("optline_outbox_depth")).toBe(0);
    expect(await metricValue("optline_outbox_oldest_queued_age_seconds")).toBe(0);
    const queued = await db.message.create({
      data: {
        organizationId: fixture.organizationId,
        direction: "OUTBOUND",
        kind: "notice",
        provider: "dev",
        from: "+15005550006",
        to: "+13035550199",
        body: "queued for the gauge",
        status: "QUEUED",
        createdAt: new Date(Date.now() - 300_000),
        // Not due for a day: no worker or dispatch will take it during the test.
        nextAttemptAt: new Date(Date.now() + 86_400_000),
      },
    });
    try {
      expect(await metricValue("optline_outbox_depth")).toBe(1);
      const age = await metricValue("optline_outbox_oldest_queued_age_seconds");
      expect(age).toBeGreaterThanOrEqual(300);
      expect(age).toBeLessThan(400);
    } finally {
      await db.message.update({ where: { id: queued.id }, data: { status: "FAILED" } });
    }
  });
});

describe("log events", () => {
  const twilio = new FakeTwilio({
    accountSid: FAKE_TWILIO_ACCOUNT_SID,
    authToken: FAKE_TWILIO_AUTH_TOKEN,
  });
  let restoreTwilio: () => void;
  let restoreEnv: () => void;
  beforeAll(async () => {
    await twilio.start();
    restoreTwilio = useFakeTwilio(twilio);
    restoreEnv = withEnv({ METRICS_TOKEN });
  });
  afterAll(async () => {
    restoreEnv();
    restoreTwilio();
    await twilio.stop();
  });

  it("logs sends, failures and webhooks with ids, and counts failures by error code", async () => {
    const failures = 'optline_sms_send_failures_total{error_code="21211",will_retry="false"}';
    const failuresBefore = await metricValue(failures);
    const logs = captureAppLogs();
    try {
      // A send Twilio refuses, quoting the number in its error, as it does.
      twilio.failNext(1, 400, 21211, "The 'To' number +14155550172 is not a valid phone number.");
      expect((await signUp("4155550172")).status).toBe(202);
      const failed = await db.message.findFirstOrThrow({ where: { to: "+14155550172" } });
      expect(failed.status).toBe("FAILED");

      // A send that works, its status callback, and the YES reply.
      expect((await signUp("6175550173")).status).toBe(202);
      const sent = await db.message.findFirstOrThrow({ where: { to: "+16175550173" } });
      await statusWebhook(
        signedTwilioRequest(`/api/webhooks/twilio/status?messageId=${sent.id}`, {
          MessageSid: sent.sid!,
          MessageStatus: "delivered",
        }),
      );
      const yes = inboundSmsParams("+16175550173", "YES");
      await smsWebhook(signedTwilioRequest("/api/webhooks/twilio/sms", yes));
      // A forged webhook.
      await smsWebhook(signedTwilioRequest("/api/webhooks/twilio/sms", yes, "forged"));

      const byEvent = (event: string) => logs.lines.filter((line) => line.event === event);
      expect(byEvent("sms.send_failed")).toEqual([
        expect.objectContaining({
          level: "warn",
          messageId: failed.id,
          attempt: 1,
          errorCode: 21211,
          willRetry: false,
        }),
      ]);
      expect(byEvent("sms.send_failed")[0]!.err).toMatchObject({
        message: "The 'To' number +*******0172 is not a valid phone number.",
      });
      expect(byEvent("sms.sent")).toEqual([
        expect.objectContaining({ level: "info", messageId: sent.id, sid: sent.sid, attempt: 1 }),
      ]);
      expect(byEvent("webhook.status")).toEqual([
        expect.objectContaining({
          messageId: sent.id,
          sid: sent.sid,
          status: "delivered",
          outcome: "updated",
        }),
      ]);
      const inbound = byEvent("webhook.sms");
      expect(inbound).toHaveLength(1);
      expect(inbound[0]).toMatchObject({ sid: yes.MessageSid, duplicate: false });
      expect(inbound[0]!.inboundMessageId).toEqual(expect.any(String));
      expect(byEvent("webhook.rejected")).toEqual([
        expect.objectContaining({ level: "warn", reason: "invalid_signature" }),
      ]);

      // Never a full number or a message body, anywhere in what was written.
      for (const secret of ["4155550172", "6175550173", sent.body, "YES"]) {
        expect(logs.text()).not.toContain(secret);
      }
    } finally {
      logs.restore();
    }
    expect(await metricValue(failures)).toBe(failuresBefore + 1);
  });

  it("never writes a verification code", async () => {
    const codeForm = await createPublishedFormFixture({
      label: "OpsCode",
      content: {
        verificationMethod: "CODE",
        confirmationMessage:
          "{program}: You're subscribed to recurring marketing texts. {frequency} {rates} Reply HELP for help, STOP to cancel.",
      },
    });
    twilio.reset();
    const logs = captureAppLogs();
    try {
      expect((await signUp("7205550174", codeForm.form.id)).status).toBe(202);
      const [, first, second] = /(\d{3}) (\d{3})/.exec(twilio.messages.at(-1)!.body) ?? [];
      expect(first).toBeDefined();
      expect(logs.lines.filter((line) => line.event === "sms.sent")).toHaveLength(1);
      for (const secret of [`${first}${second}`, `${first} ${second}`, "7205550174"]) {
        expect(logs.text()).not.toContain(secret);
      }
    } finally {
      logs.restore();
    }
  });
});
