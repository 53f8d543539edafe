// Operations through the real server (scripts/server.ts in front of the production build):
// health and readiness for a load balancer, request ids, and metrics that count what the
// custom server sees (route patterns, statuses) together with what the app counts.
import { expect, test, type APIRequestContext } from "./support/test";
import { METRICS_TOKEN } from "../playwright.config";
import { createPublishedForm, newAccount, signUp } from "./support/app";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function scrape(request: APIRequestContext): Promise<string> {
  const response = await request.get("/api/metrics", {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  expect(response.status()).toBe(200);
  return response.text();
}

function value(text: string, series: string): number {
  const line = text.split("\n").find((entry) => entry.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test("health, readiness and request ids for the load balancer", async ({ request }) => {
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  // No id from the proxy: the server makes its own.
  expect(health.headers()["x-request-id"]).toMatch(UUID);
  // The e2e server trusts a proxy (TRUST_PROXY=true), so the proxy's id is kept and returned
  // (without one it is ignored: lib/http/observe-requests.test.ts).
  const traced = await request.get("/api/health", { headers: { "X-Request-Id": "lb-7f3a" } });
  expect(traced.headers()["x-request-id"]).toBe("lb-7f3a");

  await expect
    .poll(async () => (await request.get("/api/ready")).status(), { timeout: 10_000 })
    .toBe(200);
  const ready = (await (await request.get("/api/ready")).json()) as {
    status: string;
    checks: Record<string, { ok: boolean }>;
  };
  expect(ready.status).toBe("ready");
  expect(Object.keys(ready.checks).sort()).toEqual(["database", "migrations", "outboxWorker"]);
});

test("metrics need the token and count requests by route pattern", async ({ page, request }) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect(
    (await request.get("/api/metrics", { headers: { Authorization: "Bearer wrong" } })).status(),
  ).toBe(401);

  await signUp(page, newAccount("Ops"));
  const { slug } = await createPublishedForm(page, {
    audience: "Ops list",
    form: "Ops form",
    program: "Ops Club",
  });
  const route = 'route="/api/v1/public/forms/[formId]/signups"';
  const requests = `optline_http_request_duration_seconds_count{method="POST",${route},status="202"}`;
  const pending = 'optline_signups_total{result="pending"}';
  const before = await scrape(request);

  const response = await request.post(`/api/v1/public/forms/${slug}/signups`, {
    data: { phone: "3125550188", country: "US", marketingConsent: true },
  });
  expect(response.status()).toBe(202);
  expect(response.headers()["x-request-id"]).toMatch(UUID);

  await expect
    .poll(async () => value(await scrape(request), requests))
    .toBeGreaterThanOrEqual(value(before, requests) + 1);
  const after = await scrape(request);
  expect(value(after, pending)).toBeGreaterThanOrEqual(value(before, pending) + 1);
  // Labels are patterns: the form's slug (or any other id) never becomes a series.
  expect(after).not.toContain(slug);
  expect(after).toContain("optline_outbox_depth ");
});
