// POST /p/<slug>: every step of the privacy portal as a plain form post, answered with the
// page again (no JavaScript needed).
//   step=phone    send a code to the number (lib/portal/request-portal-code.ts)
//   step=code     check it; a right code starts the portal session (cookie)
//   step=withdraw withdraw one consent of one list, or everything (session needed)
//   step=erase    ask for erasure (session needed)
//   step=signout  end the session
// A step that needs a session and has none (expired, another organization's cookie) is
// answered with the number step and a message; nothing is changed.
import "server-only";
import { z } from "zod";
import { AppError, ErrorCode } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { FORM_STRINGS } from "@/lib/i18n/form-strings";
import type { Locale } from "@/lib/i18n/locales";
import { checkPortalCode } from "./check-portal-code";
import { findPortalOrganization, type PortalOrganization } from "./find-portal-organization";
import {
  clearedSessionCookie,
  defaultCountry,
  portalLocale,
  portalNotFound,
  portalResponse,
  postFromOurOrigin,
  readSession,
  sessionCookie,
} from "./portal-http";
import { PORTAL_STRINGS } from "./portal-strings";
import type { PortalSession } from "./portal-tokens";
import { requestPortalCode } from "./request-portal-code";
import { requestPortalErasure } from "./request-portal-erasure";
import { overviewState, startState } from "./show-portal";
import type { PortalState } from "./render-portal-page";
import { withdrawPortalConsent, type PortalPurpose } from "./withdraw-portal-consent";
import { ZShownVerification } from "@/lib/public-form/submit-public-form";

export interface SubmitPortalOptions {
  slug: string;
  request: Request;
  fields: Record<string, string>;
  context: RequestContext;
}

const PURPOSES = new Set<PortalPurpose>(["marketing", "verification", "all"]);

export async function submitPortal({
  slug,
  request,
  fields,
  context,
}: SubmitPortalOptions): Promise<Response> {
  const organization = await findPortalOrganization(slug);
  if (!organization) return portalNotFound(request);
  const locale = portalLocale(request, fields.lang);
  if (!postFromOurOrigin(request)) {
    return portalResponse(organization, locale, startState(locale, "forbidden"), { status: 403 });
  }
  try {
    switch (fields.step) {
      case "phone":
        return await submitPhone(organization, locale, fields, context);
      case "code":
        return await submitCode(organization, locale, fields, context);
      case "signout":
        return portalResponse(organization, locale, startState(locale, "signedOut"), {
          cookie: clearedSessionCookie(organization),
        });
      case "withdraw":
      case "erase": {
        const session = readSession(request, organization);
        if (!session) {
          return portalResponse(organization, locale, startState(locale, "sessionEnded"), {
            status: 401,
          });
        }
        return fields.step === "withdraw"
          ? await submitWithdraw(organization, locale, session, fields, context)
          : await submitErase(organization, locale, session, context);
      }
      default:
        return portalResponse(organization, locale, startState(locale), { status: 400 });
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // Rate limits, SMS pumping blocks, a list that is not the session's: say so, change nothing.
    const notice = error.code === ErrorCode.RATE_LIMITED ? "rateLimited" : undefined;
    const state: PortalState =
      error.code === ErrorCode.RATE_LIMITED
        ? { step: "start", notice, values: phoneValues(fields, locale) }
        : {
            step: "start",
            values: phoneValues(fields, locale),
            error: error.fields?.phone?.[0] ?? error.message,
          };
    return portalResponse(organization, locale, state, { status: error.status });
  }
}

function phoneValues(fields: Record<string, string>, locale: Locale) {
  return {
    phone: (fields.phone ?? "").slice(0, 40),
    country: (fields.country ?? "").slice(0, 2).toUpperCase() || defaultCountry(locale),
  };
}

async function submitPhone(
  organization: PortalOrganization,
  locale: Locale,
  fields: Record<string, string>,
  context: RequestContext,
): Promise<Response> {
  const values = phoneValues(fields, locale);
  const result = await requestPortalCode({
    organization,
    phone: values.phone,
    country: values.country,
    locale,
    context,
  });
  if (!result.ok) {
    const error = result.code ? FORM_STRINGS[locale].phoneErrors[result.code] : result.message;
    return portalResponse(organization, locale, { step: "start", values, error }, { status: 422 });
  }
  return portalResponse(organization, locale, {
    step: "code",
    phone: result.phone,
    values,
    verification: result.verification,
  });
}

async function submitCode(
  organization: PortalOrganization,
  locale: Locale,
  fields: Record<string, string>,
  context: RequestContext,
): Promise<Response> {
  const strings = PORTAL_STRINGS[locale];
  const result = await checkPortalCode({
    organizationId: organization.id,
    verificationId: fields.verificationId ?? "",
    code: (fields.code ?? "").slice(0, 20),
    context,
  });
  if (result.ok) {
    const session = { phone: result.phone, subscriberId: null };
    return portalResponse(
      organization,
      locale,
      await overviewState(organization, session, locale),
      {
        cookie: sessionCookie(organization, session),
      },
    );
  }
  const shown = shownCode(fields);
  if (!shown) return portalResponse(organization, locale, startState(locale), { status: 400 });
  const error =
    result.reason === "format"
      ? codeFormat(locale)
      : result.reason === "expired"
        ? strings.codeExpired
        : result.reason === "dead"
          ? strings.codeDead
          : strings.wrongCode;
  return portalResponse(
    organization,
    locale,
    {
      step: "code",
      phone: shown.phone,
      values: phoneValues(fields, locale),
      verification: shown.verification,
      error,
    },
    { status: 422 },
  );
}

/**
 * What the code step showed (masked number, code number, times), posted back for display
 * only: the server decides from the verification id alone.
 */
const ZShownCode = z.object({
  phone: z.string().max(40),
  verification: ZShownVerification,
});

function shownCode(fields: Record<string, string>) {
  try {
    const parsed = ZShownCode.safeParse(
      JSON.parse(Buffer.from(fields.shown ?? "", "base64url").toString("utf8")),
    );
    return parsed.success && parsed.data.verification.verificationId === fields.verificationId
      ? parsed.data
      : null;
  } catch {
    return null;
  }
}

function codeFormat(locale: Locale): string {
  return {
    en: "Enter the 6-digit code.",
    de: "Geben Sie den 6-stelligen Code ein.",
    fr: "Saisissez le code à 6 chiffres.",
    es: "Escribe el código de 6 dígitos.",
    pl: "Wpisz 6-cyfrowy kod.",
  }[locale];
}

async function submitWithdraw(
  organization: PortalOrganization,
  locale: Locale,
  session: PortalSession,
  fields: Record<string, string>,
  context: RequestContext,
): Promise<Response> {
  const purpose = fields.purpose as PortalPurpose;
  const subscriberId = (fields.subscriberId ?? "").slice(0, 64);
  if (!PURPOSES.has(purpose) || !/^[\w-]{1,64}$/.test(subscriberId)) {
    const state = await overviewState(organization, session, locale, "unknownList");
    return portalResponse(organization, locale, state, { status: 400 });
  }
  const outcome = await withdrawPortalConsent({
    organizationId: organization.id,
    phone: session.phone,
    subscriberId,
    purpose,
    channel: session.subscriberId ? "withdraw_link" : "portal",
    context,
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === ErrorCode.NOT_FOUND) return null;
    throw error;
  });
  if (!outcome) {
    const state = await overviewState(organization, session, locale, "unknownList");
    return portalResponse(organization, locale, state, { status: 404 });
  }
  const { changed } = outcome;
  const notice = changed > 0 ? "withdrawn" : "nothingToWithdraw";
  return portalResponse(
    organization,
    locale,
    await overviewState(organization, session, locale, notice),
  );
}

async function submitErase(
  organization: PortalOrganization,
  locale: Locale,
  session: PortalSession,
  context: RequestContext,
): Promise<Response> {
  const outcome = await requestPortalErasure({
    organizationId: organization.id,
    phone: session.phone,
    channel: session.subscriberId ? "withdraw_link" : "portal",
    context,
  });
  const notice = outcome === "completed" ? "eraseCompleted" : "eraseAwaiting";
  return portalResponse(
    organization,
    locale,
    await overviewState(organization, session, locale, notice),
  );
}
