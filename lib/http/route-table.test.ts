import { describe, expect, it } from "vitest";
import {
  buildRouteTable,
  NEXT_INTERNAL_ROUTE,
  readRouteTable,
  routeOf,
  UNMATCHED_ROUTE,
} from "./route-table";

const table = buildRouteTable(
  [
    "page.tsx",
    "layout.tsx",
    "globals.css",
    "api/health/route.ts",
    "api/v1/subscribers/route.ts",
    "api/v1/subscribers/[subscriberId]/route.ts",
    "api/v1/exports/[exportId]/route.ts",
    "api/v1/exports/consent-events/route.ts",
    "api/auth/[...nextauth]/route.ts",
    "docs/[[...slug]]/page.tsx",
    "(marketing)/pricing/page.tsx",
    "dashboard/@modal/settings/page.tsx",
    "f/[slug]/page.tsx",
    "f/[slug]/components/form.tsx",
  ],
  ["embed.js"],
);

describe("routeOf", () => {
  it("names static routes by their path and dynamic ones by their pattern", () => {
    expect(routeOf(table, "/")).toBe("/");
    expect(routeOf(table, "/api/health")).toBe("/api/health");
    expect(routeOf(table, "/api/v1/subscribers?limit=5")).toBe("/api/v1/subscribers");
    expect(routeOf(table, "/api/v1/subscribers/ck9abc?x=1")).toBe(
      "/api/v1/subscribers/[subscriberId]",
    );
    expect(routeOf(table, "/f/spring-deals/")).toBe("/f/[slug]");
    expect(routeOf(table, "/embed.js")).toBe("/embed.js");
  });

  it("prefers a static segment over a parameter", () => {
    expect(routeOf(table, "/api/v1/exports/consent-events")).toBe("/api/v1/exports/consent-events");
    expect(routeOf(table, "/api/v1/exports/ck1")).toBe("/api/v1/exports/[exportId]");
  });

  it("matches catch-all and optional catch-all segments", () => {
    expect(routeOf(table, "/api/auth/callback/credentials")).toBe("/api/auth/[...nextauth]");
    expect(routeOf(table, "/api/auth")).toBe(UNMATCHED_ROUTE);
    expect(routeOf(table, "/docs")).toBe("/docs/[[...slug]]");
    expect(routeOf(table, "/docs/a/b")).toBe("/docs/[[...slug]]");
  });

  it("leaves route groups and parallel slots out of the URL", () => {
    expect(routeOf(table, "/pricing")).toBe("/pricing");
    expect(routeOf(table, "/dashboard/settings")).toBe("/dashboard/settings");
  });

  it("gives one name to Next.js internals and to anything unknown (bounded label values)", () => {
    expect(routeOf(table, "/_next/static/chunks/app-123.js")).toBe(NEXT_INTERNAL_ROUTE);
    expect(routeOf(table, "/_next/image?url=x")).toBe(NEXT_INTERNAL_ROUTE);
    expect(routeOf(table, "/wp-login.php")).toBe(UNMATCHED_ROUTE);
    expect(routeOf(table, "/f/a/b")).toBe(UNMATCHED_ROUTE);
    expect(routeOf(table, "/api/v1/subscribers/x/y")).toBe(UNMATCHED_ROUTE);
  });
});

describe("readRouteTable", () => {
  it("reads this app's routes from app/ and public/", () => {
    const own = readRouteTable(process.cwd());
    expect(routeOf(own, "/api/v1/public/forms/spring/signups")).toBe(
      "/api/v1/public/forms/[formId]/signups",
    );
    expect(routeOf(own, "/api/webhooks/twilio/sms")).toBe("/api/webhooks/twilio/sms");
    expect(routeOf(own, "/api/ready")).toBe("/api/ready");
    expect(routeOf(own, "/embed.js")).toBe("/embed.js");
  });
});
