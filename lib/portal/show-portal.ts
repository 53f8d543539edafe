// GET /p/<slug>: the overview for a browser with a portal session, else the number step.
import "server-only";
import { findPortalOrganization } from "./find-portal-organization";
import { getPortalOverview } from "./get-portal-overview";
import { maskPhone } from "@/lib/phone/normalize-phone";
import {
  defaultCountry,
  portalLocale,
  portalNotFound,
  portalResponse,
  readSession,
} from "./portal-http";
import { erasureAvailable } from "./request-portal-erasure";
import type { PortalNotice, PortalState } from "./render-portal-page";
import type { PortalOrganization } from "./find-portal-organization";
import type { PortalSession } from "./portal-tokens";
import type { Locale } from "@/lib/i18n/locales";

export async function showPortal(slug: string, request: Request): Promise<Response> {
  const organization = await findPortalOrganization(slug);
  if (!organization) return portalNotFound(request);
  const locale = portalLocale(request);
  const session = readSession(request, organization);
  if (!session) return portalResponse(organization, locale, startState(locale));
  return portalResponse(organization, locale, await overviewState(organization, session, locale));
}

export function startState(locale: Locale, notice?: PortalNotice): PortalState {
  return { step: "start", values: { phone: "", country: defaultCountry(locale) }, notice };
}

export async function overviewState(
  organization: PortalOrganization,
  session: Pick<PortalSession, "phone" | "subscriberId">,
  locale: Locale,
  notice?: PortalNotice,
): Promise<PortalState> {
  const lists = await getPortalOverview({
    organizationId: organization.id,
    organizationName: organization.name,
    phone: session.phone,
    locale,
  });
  return {
    step: "overview",
    phone: maskPhone(session.phone),
    lists,
    focus: session.subscriberId,
    notice,
    erasureAvailable: erasureAvailable(),
  };
}
