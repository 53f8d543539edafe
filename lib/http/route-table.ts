// The route pattern of a request ("/api/v1/subscribers/[subscriberId]"), for request logs and
// metrics: raw URLs carry ids, and one time series per id would grow without bound. The table
// is read once at start from the files Next.js routes by (app/**/page.tsx and route.ts, and
// public/), so it always has a closed set of names; anything else is "unmatched".
import { readdirSync } from "node:fs";
import path from "node:path";

type Segment =
  { kind: "static"; value: string } | { kind: "param" } | { kind: "catchAll"; optional: boolean };

interface DynamicRoute {
  pattern: string;
  segments: Segment[];
}

export interface RouteTable {
  exact: Map<string, string>;
  dynamic: DynamicRoute[];
}

export const UNMATCHED_ROUTE = "unmatched";
/** Next.js's own assets and internals (/_next/static/…, /_next/image…) under one name. */
export const NEXT_INTERNAL_ROUTE = "/_next/*";

const ROUTE_FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;

function toSegment(part: string): Segment {
  if (/^\[\[\.\.\.[^\]]+\]\]$/.test(part)) return { kind: "catchAll", optional: true };
  if (/^\[\.\.\.[^\]]+\]$/.test(part)) return { kind: "catchAll", optional: false };
  if (/^\[[^\]]+\]$/.test(part)) return { kind: "param" };
  return { kind: "static", value: part };
}

/**
 * `appFiles`: paths under app/ ("api/health/route.ts"); `publicFiles`: paths under public/.
 * Route groups "(name)" and parallel slots "@name" are not part of the URL.
 */
export function buildRouteTable(appFiles: string[], publicFiles: string[] = []): RouteTable {
  const exact = new Map<string, string>();
  const dynamic: DynamicRoute[] = [];
  for (const file of appFiles) {
    const parts = file.split("/");
    if (!ROUTE_FILE.test(parts.pop() ?? "")) continue;
    const urlParts = parts.filter((part) => !/^\(.*\)$/.test(part) && !part.startsWith("@"));
    const pattern = `/${urlParts.join("/")}`;
    const segments = urlParts.map(toSegment);
    if (segments.every((segment) => segment.kind === "static")) exact.set(pattern, pattern);
    else dynamic.push({ pattern, segments });
  }
  for (const file of publicFiles) exact.set(`/${file}`, `/${file}`);
  // Like Next.js: more static segments first, catch-alls last.
  const rank = (route: DynamicRoute) =>
    route.segments.some((segment) => segment.kind === "catchAll")
      ? -1
      : route.segments.filter((segment) => segment.kind === "static").length;
  dynamic.sort((a, b) => rank(b) - rank(a));
  return { exact, dynamic };
}

function matches(segments: Segment[], parts: string[]): boolean {
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    if (segment.kind === "catchAll") {
      return segment.optional || parts.length > index;
    }
    const part = parts[index];
    if (part === undefined || part === "") return false;
    if (segment.kind === "static" && segment.value !== part) return false;
  }
  return parts.length === segments.length;
}

/** "/api/v1/subscribers/ck9…?limit=5" -> "/api/v1/subscribers/[subscriberId]". */
export function routeOf(table: RouteTable, url: string): string {
  const query = url.indexOf("?");
  let pathname = query === -1 ? url : url.slice(0, query);
  if (pathname.length > 1 && pathname.endsWith("/")) pathname = pathname.slice(0, -1);
  const exact = table.exact.get(pathname);
  if (exact) return exact;
  if (pathname.startsWith("/_next/")) return NEXT_INTERNAL_ROUTE;
  const parts = pathname.split("/").slice(1);
  return table.dynamic.find((route) => matches(route.segments, parts))?.pattern ?? UNMATCHED_ROUTE;
}

function listFiles(dir: string, prefix = ""): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    // Folders starting with "_" are private in the App Router: never routes.
    if (entry.isDirectory())
      return entry.name.startsWith("_") ? [] : listFiles(path.join(dir, entry.name), relative);
    return [relative];
  });
}

/** The table for the app in `root` (its app/ and public/ folders). */
export function readRouteTable(root: string): RouteTable {
  return buildRouteTable(listFiles(path.join(root, "app")), listFiles(path.join(root, "public")));
}
