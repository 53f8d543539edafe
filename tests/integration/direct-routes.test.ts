// The public signup and Twilio's SMS webhook as scripts/server.ts serves them in production:
// through lib/http/direct-routes.ts, not Next.js. A plain node:http server here does what
// server.ts does (serveDirect, else Next.js, played by a 418), so every answer below comes
// from the direct path: the same handler as the app/ route, the same answers (compared with
// the route's own for a refused signup), the same security headers as next.config.mjs adds,
// bad input refused before anything is written, and a failure around a handler a bare 500.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { db } from "@/lib/db/client";
import { registerDirectRoute, serveDirect } from "@/lib/http/direct-routes";
import { registerHotRoutes } from "@/lib/http/hot-routes";
import { NO_FRAMING_HEADERS, SECURITY_HEADERS } from "@/lib/http/security-headers.mjs";
import { SIGNUP_BODY_MAX_BYTES } from "@/lib/signups/signup-schema";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import {
  countRows,
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

let fixture: Fixture;
let server: Server;
let base: string;
let lastIp = 0;

beforeAll(async () => {
  fixture = await createPublishedFormFixture();
  registerHotRoutes();
  server = createServer((req, res) => {
    if (serveDirect(req, res)) return;
    res.writeHead(418).end("left to Next.js");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await outboxIdle();
  await new Promise((resolve) => server.close(resolve));
});

/** The test's Request sent over HTTP to the server, from a new client address. */
async function send(request: Request, path = new URL(request.url).pathname) {
  const headers = new Headers(request.headers);
  headers.set("x-forwarded-for", `198.51.100.${++lastIp}`);
  return fetch(`${base}${path}`, { method: request.method, headers, body: await request.text() });
}

function signup(body: unknown, headers: Record<string, string> = {}) {
  return signupRequest(fixture.form.slug, body, headers);
}

describe("the hot routes served without Next.js", () => {
  it("takes a signup: 202, CORS and security headers, the subscriber pending", async () => {
    const response = await send(
      signup({ phone: "+12015550170", country: "US", marketingConsent: true }),
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: "pending", phone: "+1 ••• ••• 0170" });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    for (const { key, value } of [...SECURITY_HEADERS, ...NO_FRAMING_HEADERS]) {
      expect(response.headers.get(key), key).toBe(value);
    }
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550170" } });
    expect(subscriber).toMatchObject({ status: "PENDING", organizationId: fixture.organizationId });
  });

  it("decodes the form's slug or id from the path as Next.js does", async () => {
    const encoded = [...fixture.form.slug].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("");
    const request = signup({ phone: "+12015550171", country: "US", marketingConsent: true });
    const response = await send(request, `/api/v1/public/forms/${encoded}/signups`);
    expect(response.status).toBe(202);
    const byId = await send(
      signup({ phone: "+12015550172", country: "US", marketingConsent: true }),
      `/api/v1/public/forms/${fixture.form.id}/signups`,
    );
    expect(byId.status).toBe(202);
    const unknown = await send(
      signup({ phone: "+12015550173", country: "US", marketingConsent: true }),
      "/api/v1/public/forms/no-such-form/signups",
    );
    expect(unknown.status).toBe(404);
  });

  it("answers a refused signup exactly as the app route does", async () => {
    const body = { phone: "+1 555", country: "US", marketingConsent: true };
    const direct = await send(signup(body));
    const viaRoute = await signupRoute(signup(body), {
      params: Promise.resolve({ formId: fixture.form.slug }),
    });
    expect(direct.status).toBe(422);
    expect(direct.status).toBe(viaRoute.status);
    expect(await direct.json()).toEqual(await viaRoute.json());
  });

  it("refuses bad bodies with a clear error and writes nothing", async () => {
    const before = await countRows();
    const malformed = await send(signup("{not json"));
    expect(malformed.status).toBe(400);
    const wrongType = await send(
      signup(JSON.stringify({ phone: "+12015550174" }), { "content-type": "text/plain" }),
    );
    expect(wrongType.status).toBe(415);

    const oversized = JSON.stringify({
      phone: "+12015550175",
      country: "US",
      marketingConsent: true,
      pageUrl: `https://shop.example.com/?${"a".repeat(SIGNUP_BODY_MAX_BYTES)}`,
    });
    const declared = await send(signup(oversized));
    expect(declared.status).toBe(413);
    // Chunked, no Content-Length: cut at the cap while it is read, and refused the same way.
    const chunked = await fetch(`${base}/api/v1/public/forms/${fixture.form.slug}/signups`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.250" },
      body: new Blob([oversized]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await countRows()).toEqual(before);
  });

  it("confirms a YES signed as Twilio signs it and refuses a forged one", async () => {
    await send(signup({ phone: "+12015550176", country: "US", marketingConsent: true }));
    await outboxIdle();
    const params = inboundSmsParams("+12015550176", "YES");
    const forged = await send(signedTwilioRequest("/api/webhooks/twilio/sms", params, "forged"));
    expect(forged.status).toBe(403);
    const unchanged = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550176" } });
    expect(unchanged.status).toBe("PENDING");

    const yes = await send(signedTwilioRequest("/api/webhooks/twilio/sms", params));
    expect(yes.status).toBe(200);
    expect(yes.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await yes.text()).toMatch(/^<\?xml.*<Response><Message action="[^"]+"/);
    const confirmed = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550176" } });
    expect(confirmed.status).toBe("CONFIRMED");
  });

  it("leaves every other method and path to Next.js", async () => {
    const signupPath = `/api/v1/public/forms/${fixture.form.slug}/signups`;
    for (const [method, path] of [
      ["OPTIONS", signupPath],
      ["GET", signupPath],
      ["POST", `${signupPath}/`],
      ["POST", "/api/webhooks/twilio/status"],
      ["POST", "/api/v1/public/forms/a/b/signups"],
      ["POST", "/api/v1/public/forms/%E0%A4%A/signups"],
    ]) {
      const response = await fetch(`${base}${path}`, { method });
      expect(response.status, `${method} ${path}`).toBe(418);
    }
  });

  it("answers a failure around a handler with a 500 that tells nothing, headers kept", async () => {
    registerDirectRoute({
      path: /^\/test-only\/fails$/,
      maxBodyBytes: 100,
      handler: () => Promise.reject(new Error("secret detail of the failure")),
    });
    const response = await fetch(`${base}/test-only/fails`, { method: "POST", body: "{}" });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: "INTERNAL",
        message: "Something went wrong on our side. Try again in a moment.",
      },
    });
    expect(text).not.toContain("secret detail");
    for (const { key, value } of [...SECURITY_HEADERS, ...NO_FRAMING_HEADERS]) {
      expect(response.headers.get(key), key).toBe(value);
    }
  });
});
