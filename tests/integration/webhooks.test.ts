// Signed outbound webhooks: a consent event queues deliveries in its own transaction (trigger),
// the worker posts them to a real local HTTP receiver signed per Standard Webhooks (checked
// with the reference `standardwebhooks` package), retries with backoff, survives a dead worker,
// turns failing endpoints off, refuses private targets, follows no redirect, and keeps tenants apart.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { POST as createEndpointRoute } from "@/app/api/v1/webhook-endpoints/route";
import {
  GET as getEndpointRoute,
  PATCH as patchEndpointRoute,
} from "@/app/api/v1/webhook-endpoints/[endpointId]/route";
import { POST as redeliverRoute } from "@/app/api/v1/webhook-deliveries/[deliveryId]/redeliver/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { userActor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { processWebhookDeliveries } from "@/lib/webhooks/deliver-webhooks";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  rollWebhookSecret,
  updateWebhookEndpoint,
} from "@/lib/webhooks/manage-webhook-endpoints";
import { postWebhook } from "@/lib/webhooks/post-webhook";
import { pruneWebhookDeliveries } from "@/lib/webhooks/prune-webhook-deliveries";
import {
  listWebhookDeliveries,
  redeliverWebhook,
  sendTestWebhook,
} from "@/lib/webhooks/webhook-delivery-log";
import { EVIDENCE_TO_WEBHOOK_EVENTS } from "@/lib/webhooks/webhook-events";
import { claimWebhookDeliveries } from "@/lib/webhooks/webhook-queue";
import { decryptWebhookSecret } from "@/lib/webhooks/webhook-secret";
import { isBlockedAddress } from "@/lib/webhooks/webhook-target";
import { AppError } from "@/lib/errors";
import { createPublishedFormFixture, signupRequest } from "../support/factories";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local receiver: answers each request with the next planned answer (default 200). */
class Receiver {
  received: Received[] = [];
  plan: { status: number; headers?: Record<string, string>; body?: string; hang?: boolean }[] = [];
  private server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      this.received.push({
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const answer = this.plan.shift() ?? { status: 200 };
      if (answer.hang) return;
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body ?? "ok");
    });
  });
  url = "";
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  reset() {
    this.received = [];
    this.plan = [];
  }
  stop() {
    this.server.closeAllConnections();
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const receiver = new Receiver();
let mine: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let theirs: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let phoneCounter = 0;

function allowPrivateTargets(allowed: boolean) {
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = allowed ? "true" : "false";
  resetEnvCache();
}

async function signUp(fixture = mine) {
  phoneCounter += 1;
  const phone = `20155507${String(phoneCounter).padStart(2, "0")}`;
  const response = await signupRoute(
    signupRequest(
      fixture.form.id,
      { phone, country: "US", marketingConsent: true },
      { "x-forwarded-for": `198.51.100.${phoneCounter}` },
    ),
    { params: Promise.resolve({ formId: fixture.form.id }) },
  );
  await outboxIdle();
  expect(response.status).toBe(202);
  return db.subscriber.findFirstOrThrow({
    where: { phone: `+1${phone}`, organizationId: fixture.organizationId },
  });
}

async function newEndpoint(
  eventTypes = ["subscriber.pending"],
  options: { url?: string; fixture?: typeof mine } = {},
) {
  const fixture = options.fixture ?? mine;
  return createWebhookEndpoint({
    organizationId: fixture.organizationId,
    actor: userActor(fixture.account.user),
    input: { url: options.url ?? `${receiver.url}/hooks`, eventTypes },
  });
}

/** As if time passed: every pending delivery is due now. */
async function makeDue() {
  await db.webhookDelivery.updateMany({
    where: { status: "PENDING" },
    data: { nextAttemptAt: new Date(Date.now() - 1000) },
  });
}

function verify(secret: string, received: Received) {
  return new Webhook(secret).verify(received.body, {
    "webhook-id": String(received.headers["webhook-id"]),
    "webhook-timestamp": String(received.headers["webhook-timestamp"]),
    "webhook-signature": String(received.headers["webhook-signature"]),
  });
}

beforeAll(async () => {
  await receiver.start();
  allowPrivateTargets(true);
  mine = await createPublishedFormFixture({ label: "Mine" });
  theirs = await createPublishedFormFixture({ label: "Theirs" });
});
afterAll(async () => {
  delete process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS;
  resetEnvCache();
  await receiver.stop();
});
beforeEach(async () => {
  receiver.reset();
  allowPrivateTargets(true);
  // Each test starts with no endpoint and no delivery of its own.
  await db.webhookEndpoint.deleteMany({});
});

describe("queue and signature", () => {
  it("queues deliveries with the evidence and posts a payload the standardwebhooks package verifies", async () => {
    const { endpoint, secret } = await newEndpoint(["subscriber.pending", "consent.granted"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const subscriber = await signUp();
    const evidence = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: subscriber.id, type: "signup.submitted" },
    });
    const queued = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(queued.map((d) => d.eventType).sort()).toEqual([
      "consent.granted",
      "subscriber.pending",
    ]);
    expect(queued.every((d) => d.consentEventId === evidence.id && d.status === "PENDING")).toBe(
      true,
    );

    expect(await processWebhookDeliveries()).toBe(2);
    expect(receiver.received).toHaveLength(2);
    for (const received of receiver.received) {
      const payload = verify(secret, received) as { type: string; data: Record<string, unknown> };
      expect(received.path).toBe("/hooks");
      expect(queued.map((d) => d.id)).toContain(received.headers["webhook-id"]);
      expect(payload.data).toMatchObject({
        organizationId: mine.organizationId,
        subscriber: { id: subscriber.id, phone: subscriber.phone, country: "US" },
        purpose: "marketing",
        method: "form",
        evidence: {
          id: evidence.id,
          type: "signup.submitted",
          seq: evidence.seq,
          hash: evidence.hash,
        },
      });
      // Stored facts only: nothing from the request (IP, browser) goes out.
      expect(received.body).not.toContain("198.51.100.");
      expect(received.body).not.toContain("Mozilla");
      // A changed body, or another secret, does not verify.
      expect(() =>
        verify(secret, { ...received, body: received.body.replace("US", "DE") }),
      ).toThrow();
      expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, received)).toThrow();
    }
    const done = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(done.every((d) => d.status === "SUCCEEDED" && d.lastResponseStatus === 200)).toBe(true);
    // Nothing left to send.
    expect(await processWebhookDeliveries()).toBe(0);
  });

  it("maps every kind of evidence to its events exactly as the trigger does", async () => {
    for (const rule of EVIDENCE_TO_WEBHOOK_EVENTS) {
      const data: Record<string, string> = {};
      if (rule.when?.equals) data[rule.when.field] = rule.when.equals;
      if (rule.when?.notEquals) data[rule.when.field] = "api";
      const [row] = await db.$queryRaw<{ types: string[] }[]>`
        SELECT "optline_webhook_event_types"(${rule.evidence}, ${JSON.stringify(data)}::jsonb) AS "types"`;
      expect({ evidence: rule.evidence, data, types: row!.types }).toEqual({
        evidence: rule.evidence,
        data,
        types: rule.events,
      });
    }
    const [other] = await db.$queryRaw<{ types: string[] }[]>`
      SELECT "optline_webhook_event_types"('sms.sent', '{}'::jsonb) AS "types"`;
    expect(other!.types).toEqual([]);
  });

  it("queues nothing for an endpoint that did not subscribe to the event, or is off, or of another organization", async () => {
    const { endpoint } = await newEndpoint(["subscriber.confirmed"]);
    const off = await newEndpoint(["subscriber.pending"]);
    await updateWebhookEndpoint({
      organizationId: mine.organizationId,
      endpointId: off.endpoint.id,
      actor: userActor(mine.account.user),
      input: { enabled: false },
    });
    const foreign = await newEndpoint(["subscriber.pending"], { fixture: theirs });
    await signUp();
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { endpointId: off.endpoint.id } })).toBe(0);
    expect(await db.webhookDelivery.count({ where: { endpointId: foreign.endpoint.id } })).toBe(0);
  });

  it("stores the secret encrypted, bound to its organization, and a rolled secret replaces it", async () => {
    const { endpoint, secret } = await newEndpoint();
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretEncrypted).not.toContain(secret.slice(6, 20));
    expect(decryptWebhookSecret(row.secretEncrypted, mine.organizationId)).toBe(secret);
    expect(() => decryptWebhookSecret(row.secretEncrypted, theirs.organizationId)).toThrow();
    const rolled = await rollWebhookSecret({
      organizationId: mine.organizationId,
      endpointId: endpoint.id,
      actor: userActor(mine.account.user),
    });
    expect(rolled.secret).not.toBe(secret);
    const outcome = await sendTestWebhook({
      organizationId: mine.organizationId,
      endpointId: endpoint.id,
    });
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(verify(rolled.secret, receiver.received[0]!)).toMatchObject({ type: "webhook.test" });
    expect(() => verify(secret, receiver.received[0]!)).toThrow();
  });
});

describe("retries, restarts and failing endpoints", () => {
  it("retries after 500s with growing waits, with the same webhook-id, then succeeds", async () => {
    const { endpoint, secret } = await newEndpoint();
    receiver.plan = [{ status: 500, body: "boom" }, { status: 503 }];
    await signUp();
    expect(await processWebhookDeliveries()).toBe(1);
    let delivery = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
    });
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 1, lastResponseStatus: 500 });
    const firstWait = delivery.nextAttemptAt.getTime() - delivery.lastAttemptAt!.getTime();
    expect(firstWait).toBe(30_000);
    // Not due yet: nothing is sent.
    expect(await processWebhookDeliveries()).toBe(0);

    await makeDue();
    expect(await processWebhookDeliveries()).toBe(1);
    delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(delivery).toMatchObject({ status: "PENDING", attempts: 2, lastResponseStatus: 503 });
    expect(delivery.nextAttemptAt.getTime() - delivery.lastAttemptAt!.getTime()).toBe(60_000);

    await makeDue();
    expect(await processWebhookDeliveries()).toBe(1);
    delivery = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId: endpoint.id } });
    expect(delivery).toMatchObject({ status: "SUCCEEDED", attempts: 3, lastResponseStatus: 200 });
    const ids = new Set(receiver.received.map((r) => r.headers["webhook-id"]));
    expect(ids).toEqual(new Set([delivery.id]));
    for (const received of receiver.received) verify(secret, received);
    const [log] = await listWebhookDeliveries({
      organizationId: mine.organizationId,
      endpointId: endpoint.id,
    });
    expect(log!.attemptLog.map((a) => a.responseStatus)).toEqual([200, 503, 500]);
  });

  it("gives up when the next retry would fall after the 3-day window", async () => {
    const { endpoint } = await newEndpoint();
    receiver.plan = [{ status: 500 }];
    await signUp();
    await db.webhookDelivery.updateMany({
      where: { endpointId: endpoint.id },
      data: { retryUntil: new Date(Date.now() + 10_000) },
    });
    await processWebhookDeliveries();
    const delivery = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
    });
    expect(delivery).toMatchObject({ status: "FAILED", attempts: 1 });
    await makeDue();
    expect(await processWebhookDeliveries()).toBe(0);
  });

  it("delivers a delivery whose worker died after claiming it, once the lease runs out", async () => {
    const { endpoint, secret } = await newEndpoint();
    await signUp();
    // A worker claims it and dies before posting.
    const [claimed] = await claimWebhookDeliveries(null, 50);
    expect(claimed?.endpointId).toBe(endpoint.id);
    expect(await processWebhookDeliveries()).toBe(0);
    expect(receiver.received).toHaveLength(0);
    // Its lease runs out; a new worker (this process's next pass) delivers it.
    await db.webhookDelivery.update({
      where: { id: claimed!.deliveryId },
      data: { lockedUntil: new Date(Date.now() - 1000) },
    });
    expect(await processWebhookDeliveries()).toBe(1);
    expect(receiver.received).toHaveLength(1);
    verify(secret, receiver.received[0]!);
    // The dead worker's late outcome changes nothing: the lease is no longer its.
    const delivery = await db.webhookDelivery.findUniqueOrThrow({
      where: { id: claimed!.deliveryId },
    });
    expect(delivery).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
  });

  it("turns an endpoint off after 10 failures in a row and 3 days without a success, and shows why", async () => {
    const { endpoint } = await newEndpoint();
    receiver.plan = Array.from({ length: 5 }, () => ({ status: 500 }));
    await signUp();
    // Nine failures so far, the first 2 days ago: not yet.
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { consecutiveFailures: 9, failingSince: new Date(Date.now() - 2 * 86_400_000) },
    });
    await processWebhookDeliveries();
    let row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row).toMatchObject({ enabled: true, consecutiveFailures: 10 });

    // Failing for more than 3 days: the next failure turns it off.
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { failingSince: new Date(Date.now() - 3 * 86_400_000 - 60_000) },
    });
    await makeDue();
    await processWebhookDeliveries();
    row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row).toMatchObject({
      enabled: false,
      disabledReason: "failing",
      consecutiveFailures: 11,
    });
    expect(row.disabledAt).not.toBeNull();

    // Off: nothing is sent to it, and new events are not queued for it.
    const before = receiver.received.length;
    await makeDue();
    expect(await processWebhookDeliveries()).toBe(0);
    await signUp();
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(1);
    expect(receiver.received).toHaveLength(before);

    // Turned on again: counters cleared, the pending delivery goes out.
    await updateWebhookEndpoint({
      organizationId: mine.organizationId,
      endpointId: endpoint.id,
      actor: userActor(mine.account.user),
      input: { enabled: true },
    });
    row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
    receiver.plan = [];
    expect(await processWebhookDeliveries()).toBe(1);
  });

  it("redelivers a failed delivery with the same webhook-id", async () => {
    const { endpoint } = await newEndpoint();
    receiver.plan = [{ status: 500 }];
    await signUp();
    await db.webhookDelivery.updateMany({
      where: { endpointId: endpoint.id },
      data: { retryUntil: new Date() },
    });
    await processWebhookDeliveries();
    const failed = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
    });
    expect(failed.status).toBe("FAILED");
    const outcome = await redeliverWebhook({
      organizationId: mine.organizationId,
      deliveryId: failed.id,
    });
    expect(outcome).toMatchObject({ ok: true, status: 200, deliveryId: failed.id });
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual([failed.id, failed.id]);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: "SUCCEEDED",
      attempts: 1,
    });
  });

  it("leaves a redelivery and a test event to the button while workers run, so it sees the answer", async () => {
    const { endpoint } = await newEndpoint();
    await signUp();
    await processWebhookDeliveries();
    const delivered = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
    });
    receiver.reset();
    receiver.plan = [{ status: 500 }, { status: 503 }];
    // Another server's worker polls all the while the button's request runs.
    async function withWorkerPolling<T>(button: () => Promise<T>) {
      let done = false;
      const worker = (async () => {
        let claimed = 0;
        while (!done) {
          claimed += await processWebhookDeliveries();
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        return claimed;
      })();
      const outcome = await button().finally(() => (done = true));
      return { outcome, claimedByWorker: await worker };
    }

    expect(
      await withWorkerPolling(() =>
        redeliverWebhook({ organizationId: mine.organizationId, deliveryId: delivered.id }),
      ),
    ).toMatchObject({ outcome: { ok: false, status: 500, error: "HTTP 500" }, claimedByWorker: 0 });
    expect(
      await withWorkerPolling(() =>
        sendTestWebhook({ organizationId: mine.organizationId, endpointId: endpoint.id }),
      ),
    ).toMatchObject({ outcome: { ok: false, status: 503 }, claimedByWorker: 0 });
    expect(receiver.received).toHaveLength(2);
  });
});

describe("delivery log retention", () => {
  it("removes finished deliveries after 30 days, with their attempts, and keeps pending ones", async () => {
    const { endpoint } = await newEndpoint(["subscriber.pending", "consent.granted"]);
    receiver.plan = [{ status: 200 }, { status: 500 }];
    await signUp();
    await processWebhookDeliveries();
    const [done, retrying] = await db.webhookDelivery.findMany({
      where: { endpointId: endpoint.id },
      orderBy: { status: "desc" },
    });
    expect([done!.status, retrying!.status].sort()).toEqual(["PENDING", "SUCCEEDED"]);
    const old = new Date(Date.now() - 31 * 86_400_000);
    await db.webhookDelivery.updateMany({
      where: { endpointId: endpoint.id },
      data: { createdAt: old },
    });
    // 29 days later nothing is old enough; at 31 days the finished one goes.
    expect(await pruneWebhookDeliveries(new Date(old.getTime() + 29 * 86_400_000))).toBe(0);
    expect(await pruneWebhookDeliveries()).toBe(1);
    const left = await db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } });
    expect(left.map((d) => d.status)).toEqual(["PENDING"]);
    const attempts = await db.webhookAttempt.findMany({
      where: { deliveryId: { in: [done!.id, retrying!.id] } },
    });
    expect(attempts.map((a) => a.deliveryId)).toEqual([left[0]!.id]);
  });
});

describe("where webhooks may go", () => {
  it("classifies private, loopback, link-local and embedded IPv4 addresses as blocked", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.5.4",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "64:ff9b::a00:1",
      "2002:0a00:0001::1",
      "not an address",
    ]) {
      expect({ address, blocked: isBlockedAddress(address) }).toEqual({ address, blocked: true });
    }
    for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"]) {
      expect({ address, blocked: isBlockedAddress(address) }).toEqual({ address, blocked: false });
    }
  });

  it("refuses private, loopback and link-local targets (and plain http) outside development", async () => {
    allowPrivateTargets(false);
    for (const url of [
      "https://127.0.0.1/hooks",
      "https://10.0.0.8/hooks",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/hooks",
      "https://[::ffff:127.0.0.1]/hooks",
      "https://localhost/hooks",
      "https://2130706433/hooks",
      "http://93.184.216.34/hooks",
      "https://user:pass@93.184.216.34/hooks",
      "javascript:alert(1)",
    ]) {
      const refused = await newEndpoint(["subscriber.pending"], { url }).catch((e: unknown) => e);
      expect(refused, url).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe("VALIDATION_FAILED");
    }
    expect(await db.webhookEndpoint.count()).toBe(0);
  });

  it("refuses at delivery time an address that became private (and sends nothing)", async () => {
    const { endpoint } = await newEndpoint();
    allowPrivateTargets(false);
    await signUp();
    await processWebhookDeliveries();
    const [delivery] = await listWebhookDeliveries({
      organizationId: mine.organizationId,
      endpointId: endpoint.id,
    });
    expect(delivery!.lastError).toMatch(/plain|https/i);
    expect(receiver.received).toHaveLength(0);

    // https to a name that resolves to loopback: refused after the lookup.
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { url: "https://localhost:9/hooks" },
    });
    await makeDue();
    await processWebhookDeliveries();
    const [again] = await listWebhookDeliveries({
      organizationId: mine.organizationId,
      endpointId: endpoint.id,
    });
    expect(again!.lastError).toMatch(/localhost resolves to (127\.0\.0\.1|::1).*refused/);
    expect(again!.lastResponseStatus).toBeNull();
  });

  it("does not follow a redirect", async () => {
    const { endpoint } = await newEndpoint();
    receiver.plan = [{ status: 302, headers: { location: `${receiver.url}/elsewhere` } }];
    await signUp();
    await processWebhookDeliveries();
    expect(receiver.received.map((r) => r.path)).toEqual(["/hooks"]);
    const delivery = await db.webhookDelivery.findFirstOrThrow({
      where: { endpointId: endpoint.id },
    });
    expect(delivery).toMatchObject({ status: "PENDING", lastResponseStatus: 302 });
    expect(delivery.lastError).toMatch(/redirect .*\/elsewhere not followed/);
  });

  it("reads at most 4 KB of the answer and gives up on a receiver that does not answer", async () => {
    receiver.plan = [
      { status: 200, body: "x".repeat(200_000) },
      { status: 200, hang: true },
    ];
    const policy = { allowPrivate: true };
    const big = await postWebhook({ url: `${receiver.url}/big`, headers: {}, body: "{}", policy });
    expect(big.ok).toBe(true);
    expect(big.body!.length).toBeLessThanOrEqual(4096);
    const hung = await postWebhook({
      url: `${receiver.url}/hang`,
      headers: {},
      body: "{}",
      policy,
      timeoutMs: 300,
    });
    expect(hung).toMatchObject({ ok: false, status: null, error: "no answer within 0.3 s" });
  });
});

describe("API and tenants", () => {
  let myKey: string;
  let theirKey: string;
  beforeAll(async () => {
    ({ key: myKey } = await createApiKey({
      organizationId: mine.organizationId,
      actor: userActor(mine.account.user),
      input: { name: "hooks", scopes: ["webhooks:manage"] },
    }));
    ({ key: theirKey } = await createApiKey({
      organizationId: theirs.organizationId,
      actor: userActor(theirs.account.user),
      input: { name: "hooks", scopes: ["webhooks:manage"] },
    }));
  });

  function apiRequest(path: string, key: string, method = "GET", body?: string) {
    return new Request(`http://internal${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    });
  }

  it("creates an endpoint over the API (secret once) and refuses another organization's ids with 404", async () => {
    const created = await createEndpointRoute(
      apiRequest(
        "/api/v1/webhook-endpoints",
        myKey,
        "POST",
        JSON.stringify({ url: `${receiver.url}/api`, eventTypes: ["subscriber.confirmed"] }),
      ),
    );
    expect(created.status).toBe(201);
    const { data, secret } = (await created.json()) as { data: { id: string }; secret: string };
    expect(secret).toMatch(/^whsec_/);
    const params = { params: Promise.resolve({ endpointId: data.id }) };
    const shown = await getEndpointRoute(
      apiRequest(`/api/v1/webhook-endpoints/${data.id}`, myKey),
      params,
    );
    expect(JSON.stringify(await shown.json())).not.toContain("whsec_");

    const foreign = await getEndpointRoute(
      apiRequest(`/api/v1/webhook-endpoints/${data.id}`, theirKey),
      params,
    );
    expect(foreign.status).toBe(404);
    const foreignPatch = await patchEndpointRoute(
      apiRequest(`/api/v1/webhook-endpoints/${data.id}`, theirKey, "PATCH", '{"enabled":false}'),
      params,
    );
    expect(foreignPatch.status).toBe(404);
    const { deliveryId } = await sendTestWebhook({
      organizationId: mine.organizationId,
      endpointId: data.id,
    });
    const foreignRedeliver = await redeliverRoute(
      apiRequest(`/api/v1/webhook-deliveries/${deliveryId}/redeliver`, theirKey, "POST"),
      { params: Promise.resolve({ deliveryId }) },
    );
    expect(foreignRedeliver.status).toBe(404);
    for (const call of [
      () => getWebhookEndpoint({ organizationId: theirs.organizationId, endpointId: data.id }),
      () => listWebhookDeliveries({ organizationId: theirs.organizationId, endpointId: data.id }),
      () => sendTestWebhook({ organizationId: theirs.organizationId, endpointId: data.id }),
      () =>
        deleteWebhookEndpoint({
          organizationId: theirs.organizationId,
          endpointId: data.id,
          actor: userActor(theirs.account.user),
        }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const malformed = await getEndpointRoute(apiRequest("/api/v1/webhook-endpoints/%27", myKey), {
      params: Promise.resolve({ endpointId: "'\u0000" }),
    });
    expect(malformed.status).toBe(404);
    // Untouched by all of it.
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: data.id } })).toMatchObject({
      enabled: true,
    });
    expect(receiver.received).toHaveLength(1);
  });

  it("refuses forged and oversized input and changes nothing", async () => {
    const cases: [string, number][] = [
      [JSON.stringify({ url: `${receiver.url}/x`, eventTypes: ["subscriber.hacked"] }), 422],
      [JSON.stringify({ url: `${receiver.url}/x`, eventTypes: [] }), 422],
      [JSON.stringify({ url: "ftp://example.com/x", eventTypes: ["consent.granted"] }), 422],
      [
        JSON.stringify({
          url: `${receiver.url}/${"x".repeat(3000)}`,
          eventTypes: ["consent.granted"],
        }),
        422,
      ],
      [
        JSON.stringify({
          url: `${receiver.url}/x`,
          eventTypes: ["consent.granted"],
          pad: "x".repeat(9000),
        }),
        413,
      ],
      ["{not json", 400],
    ];
    for (const [body, status] of cases) {
      const response = await createEndpointRoute(
        apiRequest("/api/v1/webhook-endpoints", myKey, "POST", body),
      );
      expect({ body: body.slice(0, 60), status: response.status }).toEqual({
        body: body.slice(0, 60),
        status,
      });
    }
    const wrongScope = await createApiKey({
      organizationId: mine.organizationId,
      actor: userActor(mine.account.user),
      input: { name: "read only", scopes: ["subscribers:read"] },
    });
    const forbidden = await createEndpointRoute(
      apiRequest(
        "/api/v1/webhook-endpoints",
        wrongScope.key,
        "POST",
        JSON.stringify({ url: `${receiver.url}/x`, eventTypes: ["consent.granted"] }),
      ),
    );
    expect(forbidden.status).toBe(403);
    const { endpoint } = await newEndpoint();
    const unknownField = await patchEndpointRoute(
      apiRequest(
        `/api/v1/webhook-endpoints/${endpoint.id}`,
        myKey,
        "PATCH",
        '{"secretEncrypted":"x"}',
      ),
      { params: Promise.resolve({ endpointId: endpoint.id }) },
    );
    expect(unknownField.status).toBe(422);
    expect(await db.webhookEndpoint.count()).toBe(1);
  });
});
