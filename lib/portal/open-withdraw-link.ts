// GET /p/<slug>/w/<token>: the withdraw link put in a message ({withdraw_link}). A genuine,
// unexpired token for a subscriber of this organization opens the portal already proven for
// that number, with that list first; it changes nothing by itself (link previews and mail
// scanners open links too), the person taps to withdraw. Anything else (malformed,
// tampered, another organization's, expired) gets the number step with a clear message.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { isLocale } from "@/lib/i18n/locales";
import { verificationSecret } from "@/lib/verification/issue-code";
import { findPortalOrganization } from "./find-portal-organization";
import { portalLocale, portalNotFound, portalResponse, sessionCookie } from "./portal-http";
import { checkWithdrawToken, parseWithdrawToken } from "./portal-tokens";
import { enforcePortalIpLimit } from "./request-portal-code";
import { startState } from "./show-portal";

export async function openWithdrawLink(
  slug: string,
  token: string,
  request: Request,
  now = new Date(),
): Promise<Response> {
  const organization = await findPortalOrganization(slug);
  if (!organization) return portalNotFound(request);
  const asked = new URL(request.url).searchParams.get("lang");
  let locale = portalLocale(request);
  try {
    await enforcePortalIpLimit(requestContextFromHeaders(request.headers));
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== ErrorCode.RATE_LIMITED) throw error;
    return portalResponse(organization, locale, startState(locale, "rateLimited"), {
      status: 429,
    });
  }
  const parsed = parseWithdrawToken(token);
  const subscriber = parsed
    ? await db.subscriber.findFirst({
        where: { id: parsed.subscriberId, organizationId: organization.id, deletedAt: null },
        select: { id: true, phone: true, locale: true },
      })
    : null;
  const check = subscriber
    ? checkWithdrawToken(
        token,
        { organizationId: organization.id, subscriberId: subscriber.id, phone: subscriber.phone },
        now,
        verificationSecret(),
      )
    : "invalid";
  if (check !== "valid") {
    const notice = check === "expired" ? "linkExpired" : "linkInvalid";
    return portalResponse(organization, locale, startState(locale, notice), {
      status: check === "expired" ? 410 : 400,
    });
  }
  // The person's own language, unless the link asks for another.
  if (!asked && subscriber && isLocale(subscriber.locale)) locale = subscriber.locale;
  const headers = new Headers({
    Location: `/p/${organization.slug}?lang=${locale}#list-${subscriber!.id}`,
    "Cache-Control": "private, no-store",
    "Referrer-Policy": "no-referrer",
  });
  headers.append(
    "Set-Cookie",
    sessionCookie(organization, { phone: subscriber!.phone, subscriberId: subscriber!.id }, now),
  );
  return new Response(null, { status: 303, headers });
}
