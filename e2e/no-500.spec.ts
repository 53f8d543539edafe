// No id or cursor from the client ever gives a 500 (issue 8 point 10). Systematic: the pages,
// route handlers and server actions are found by reading the app itself (app/**/page.tsx,
// app/**/route.ts, and the built server-action manifest), so a new one is covered without
// touching this file. Each gets malformed values and another organization's ids in every path
// segment, query parameter and action argument; the answer must be a 4xx or a page with a
// clear message, never a 500 or the generic "something went wrong".
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

const APP = path.join(process.cwd(), "app");
const GENERIC_ERROR = "Something went wrong on our side";

/** Values a hand-edited URL or a forged request can carry. */
const BAD = ["'", "\u0000", "x".repeat(300), "-271821-04-20", "../../etc", "%", "🙂"];
const QUERY_KEYS_ALWAYS = [
  "cursor",
  "audienceId",
  "formId",
  "subscriberId",
  "status",
  "before",
  "from",
  "to",
  "type",
  "phone",
  "limit",
  "token",
];

function files(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full, name);
    return entry === name ? [full] : [];
  });
}

/** "app/dashboard/subscribers/[subscriberId]/page.tsx" → "/dashboard/subscribers/[subscriberId]". */
function routeOf(file: string): string {
  return (
    `/${path.relative(APP, path.dirname(file)).split(path.sep).join("/")}`.replace(/\/$/, "") || "/"
  );
}

/** Query keys a page or route reads, from its source (plus the usual suspects). */
function queryKeys(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const keys = new Set(QUERY_KEYS_ALWAYS);
  for (const pattern of [
    /\b(\w+)\?:\s*string/g,
    /params\.(\w+)/g,
    /searchParams\.get\("(\w+)"\)/g,
  ]) {
    for (const match of source.matchAll(pattern)) keys.add(match[1]!);
  }
  return [...keys];
}

/** Every field name a dashboard form posts. */
const FIELDS = [
  "audienceId",
  "formId",
  "subscriberId",
  "email",
  "role",
  "phone",
  "body",
  "name",
  "slug",
  "reason",
  "purpose",
  "action",
  "locale",
  "country",
  "csv",
  "token",
  "password",
  "organizationName",
  "description",
  "scopes",
  "allowedOrigins",
  "keyword",
  "evidence",
  "source",
  "originalConsentAt",
];

/** Exported server actions and their parameter names, read from every "use server" file. */
function actionSignatures(): Map<string, string[]> {
  const signatures = new Map<string, string[]>();
  for (const file of [...files(APP, "actions.ts"), ...files(APP, "consent-actions.ts")]) {
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(
      /export async function (\w+)\(([^{]*?)\)(?::[^{]*)?\s*\{/gs,
    )) {
      const names = [...match[2]!.matchAll(/(?:^|,)\s*(\w+)\s*:/g)].map((m) => m[1]!);
      signatures.set(match[1]!, names);
    }
  }
  return signatures;
}

function fill(route: string, values: Partial<Record<string, string>>, fallback: string): string {
  return route.replace(/\[(\w+)\]/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? fallback),
  );
}

type Ids = Record<"subscriberId" | "audienceId" | "formId" | "slug", string>;

async function organizationWithData(page: Page, label: string, phone: string): Promise<Ids> {
  await signUp(page, newAccount(label));
  const form = await createPublishedForm(page, {
    audience: `${label} list`,
    form: `${label} form`,
    program: `${label} Club`,
  });
  const signup = await page.request.post(`/api/v1/public/forms/${form.slug}/signups`, {
    data: { phone, country: "US", marketingConsent: true },
  });
  expect(signup.status()).toBe(202);
  await page.goto("/dashboard/subscribers");
  await page
    .getByRole("link", { name: /\+1 201 555/ })
    .first()
    .click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  return { ...form, subscriberId: page.url().split("/").pop()! };
}

async function expectNo500(
  request: APIRequestContext,
  method: string,
  url: string,
  body?: unknown,
) {
  const response = await request.fetch(url, {
    method,
    maxRedirects: 0,
    failOnStatusCode: false,
    ...(body === undefined ? {} : { data: body }),
  });
  expect(response.status(), `${method} ${url}`).toBeLessThan(500);
  const text = await response.text();
  expect(text.includes(GENERIC_ERROR), `${method} ${url} answered the generic error`).toBe(false);
  return response.status();
}

test("every page, route and server action answers malformed and foreign ids without a 500", async ({
  browser,
}) => {
  test.setTimeout(600_000); // ~1,500 requests
  const other = await (await browser.newContext()).newPage();
  const foreign = await organizationWithData(other, "Foreign", "2015550731");
  await other.context().close();
  const page = await (await browser.newContext()).newPage();
  const own = await organizationWithData(page, "Own", "2015550732");
  const request = page.request;

  // Pages and session-authenticated routes under the dashboard and compliance.
  const signedIn = ["dashboard", "compliance"].flatMap((dir) => [
    ...files(path.join(APP, dir), "page.tsx"),
    ...files(path.join(APP, dir), "route.ts"),
  ]);
  expect(signedIn.length).toBeGreaterThan(15);
  for (const file of signedIn) {
    const route = routeOf(file);
    const dynamic = /\[\w+\]/.test(route);
    if (dynamic) {
      for (const value of [...BAD, foreign.subscriberId, foreign.audienceId, foreign.formId]) {
        const status = await expectNo500(request, "GET", fill(route, {}, value));
        expect(status, `${route} with ${JSON.stringify(value)}`).toBe(404);
      }
    }
    const base = fill(route, own, "");
    for (const value of [...BAD, foreign.audienceId]) {
      const query = new URLSearchParams(queryKeys(file).map((key) => [key, value]));
      await expectNo500(request, "GET", `${base}?${query}`);
    }
  }
  // The one the issue names.
  await expectNo500(request, "GET", "/dashboard/subscribers?cursor='");

  // API routes, public and with a key: ids in the path.
  const apiRoutes = files(path.join(APP, "api", "v1"), "route.ts")
    .map(routeOf)
    .filter((route) => /\[\w+\]/.test(route));
  expect(apiRoutes.length).toBeGreaterThan(5);
  for (const route of apiRoutes) {
    for (const value of [...BAD, foreign.subscriberId, foreign.formId]) {
      await expectNo500(request, "GET", fill(route, {}, value));
      await expectNo500(request, "POST", fill(route, {}, value), {});
    }
  }

  // The privacy portal (/p/<org slug>, plain HTML routes): malformed and foreign slugs, tokens,
  // list ids and form fields.
  const hosted = await request.get(`/f/${own.slug}`);
  const portal = /href="(\/p\/[^"?]+)/.exec(await hosted.text())![1]!;
  for (const value of [...BAD, foreign.subscriberId, foreign.audienceId, foreign.formId]) {
    const encoded = encodeURIComponent(value);
    await expectNo500(request, "GET", `/p/${encoded}`);
    await expectNo500(request, "POST", `/p/${encoded}`, {});
    await expectNo500(request, "GET", `/p/${encoded}/w/${encoded}`);
    await expectNo500(request, "GET", `${portal}/w/${encoded}`);
    await expectNo500(request, "GET", `${portal}?lang=${encoded}`);
    await expectNo500(request, "GET", `${portal}/proof.pdf?subscriberId=${encoded}`);
    await expectNo500(request, "GET", `${portal}/data.json`);
    for (const step of ["phone", "code", "withdraw", "erase", "signout", value]) {
      const response = await request.post(portal, {
        form: {
          step,
          phone: value,
          country: value,
          code: value,
          verificationId: value,
          shown: value,
          subscriberId: value,
          purpose: value,
          lang: value,
        },
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      const label = `POST ${portal} step=${JSON.stringify(step)} with ${JSON.stringify(value)}`;
      expect(response.status(), label).toBeLessThan(500);
      expect((await response.text()).includes(GENERIC_ERROR), label).toBe(false);
    }
  }

  // Server actions, as a forged request can call them: every action in the build, called with
  // its own parameters (read from its source): bad and foreign values for every id, token and
  // input, and a real FormData whose fields all carry the value.
  const manifest = JSON.parse(
    readFileSync(".next/server/server-reference-manifest.json", "utf8"),
  ) as { node: Record<string, { workers: Record<string, unknown>; exportedName?: string }> };
  const signatures = actionSignatures();
  const actions = Object.entries(manifest.node);
  expect(actions.length).toBeGreaterThan(20);
  for (const [id, action] of actions) {
    const parameters = signatures.get(action.exportedName ?? "");
    expect(parameters, `source of action ${action.exportedName}`).toBeDefined();
    const worker = Object.keys(action.workers)[0]!;
    const pagePath = fill(`/${worker.replace(/^app\//, "").replace(/\/?page$/, "")}`, own, "x");
    for (const value of [...BAD, 42, { id: 1 }, null, foreign.subscriberId, foreign.audienceId]) {
      const args = parameters!.map((name) =>
        /state$/i.test(name)
          ? { ok: true, data: null }
          : /formData$/.test(name)
            ? "$K1"
            : /input|content/i.test(name)
              ? Object.fromEntries(FIELDS.map((field) => [field, value]))
              : value,
      );
      const form: Record<string, string> = { "0": JSON.stringify(args) };
      for (const field of FIELDS)
        form[`1_${field}`] = typeof value === "string" ? value : JSON.stringify(value);
      const response = await request.post(pagePath, {
        headers: { "Next-Action": id, Accept: "text/x-component" },
        multipart: form,
        maxRedirects: 0,
        failOnStatusCode: false,
      });
      const label = `${action.exportedName}(${parameters!.join(", ")}) with ${JSON.stringify(value)}`;
      expect(response.status(), label).toBeLessThan(500);
      expect((await response.text()).includes(GENERIC_ERROR), label).toBe(false);
    }
  }
});
