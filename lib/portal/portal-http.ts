// The privacy portal's HTTP side, behind app/p/[slug]/…: which language, the session cookie,
// where a POST may come from, and the page as an answer.
//
// Session: a signed cookie (lib/portal/portal-tokens.ts), HttpOnly, SameSite=Lax, limited to
// /p/<slug>, 30 minutes. CSRF: the cookie is not sent on another site's POST (Lax), and a POST
// whose Origin (or Referer) is not our own is refused anyway.
import "server-only";
import { getEnv } from "@/lib/env";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { countryOptions } from "@/lib/phone/countries";
import { verificationSecret } from "@/lib/verification/issue-code";
import { escapeHtml } from "@/lib/public-form/html";
import type { PortalOrganization } from "./find-portal-organization";
import { PORTAL_STRINGS } from "./portal-strings";
import {
  issuePortalSession,
  PORTAL_SESSION_MINUTES,
  readPortalSession,
  type PortalSession,
} from "./portal-tokens";
import { renderPortalPage, type PortalState } from "./render-portal-page";

export const PORTAL_COOKIE = "optline_portal";
export const PORTAL_BODY_MAX_BYTES = 4 * 1024;

/** ?lang= (or the posted lang), else the browser's first language we have, else English. */
export function portalLocale(request: Request, posted?: string | null): Locale {
  const asked = posted ?? new URL(request.url).searchParams.get("lang");
  if (asked && isLocale(asked)) return asked;
  const accepted = (request.headers.get("accept-language") ?? "")
    .split(",")
    .map((part) => part.trim().slice(0, 2).toLowerCase());
  return accepted.find((code): code is Locale => isLocale(code)) ?? "en";
}

export function readSession(
  request: Request,
  organization: PortalOrganization,
  now = new Date(),
): PortalSession | null {
  const cookie = (request.headers.get("cookie") ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${PORTAL_COOKIE}=`));
  return readPortalSession(
    cookie?.slice(PORTAL_COOKIE.length + 1),
    { organizationId: organization.id, now },
    verificationSecret(),
  );
}

function cookieAttributes(organization: PortalOrganization, maxAge: number): string {
  const secure = getEnv().publicBaseUrl.startsWith("https:") ? "; Secure" : "";
  return `Path=/p/${organization.slug}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export function sessionCookie(
  organization: PortalOrganization,
  facts: { phone: string; subscriberId: string | null },
  now = new Date(),
): string {
  const { value } = issuePortalSession(
    { organizationId: organization.id, ...facts, now },
    verificationSecret(),
  );
  return `${PORTAL_COOKIE}=${value}; ${cookieAttributes(organization, PORTAL_SESSION_MINUTES * 60)}`;
}

export function clearedSessionCookie(organization: PortalOrganization): string {
  return `${PORTAL_COOKIE}=; ${cookieAttributes(organization, 0)}`;
}

/** A POST from our own pages (or from no page a browser names). */
export function postFromOurOrigin(request: Request): boolean {
  const own = new URL(getEnv().publicBaseUrl).origin;
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return origin === own;
  const referer = request.headers.get("referer");
  if (!referer) return true;
  try {
    return new URL(referer).origin === own;
  } catch {
    return false;
  }
}

export function portalResponse(
  organization: PortalOrganization,
  locale: Locale,
  state: PortalState,
  options: { status?: number; cookie?: string } = {},
): Response {
  const page = renderPortalPage({
    organization,
    locale,
    countries: countryOptions(locale),
    state,
  });
  const headers = new Headers({
    "Content-Type": "text/html; charset=utf-8",
    // Every answer may show a (masked) number and the person's lists.
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
  });
  if (options.cookie) headers.append("Set-Cookie", options.cookie);
  return new Response(page, { status: options.status ?? 200, headers });
}

/** An unknown organization: a plain page saying so, in the browser's language. */
export function portalNotFound(request: Request): Response {
  const locale = portalLocale(request);
  const strings = PORTAL_STRINGS[locale];
  const page = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><meta name="robots" content="noindex" /><title>${escapeHtml(strings.notFoundTitle)} · optline</title></head><body style="font-family:system-ui,sans-serif;margin:0;padding:2.5rem 1rem"><main><p style="font-size:.875rem;font-weight:600">404</p><h1 style="font-size:1.25rem">${escapeHtml(strings.notFoundTitle)}</h1><p>${escapeHtml(strings.notFoundBody)}</p></main></body></html>`;
  return new Response(page, {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export function defaultCountry(locale: Locale): string {
  return { en: "US", de: "DE", fr: "FR", es: "ES", pl: "PL" }[locale];
}
