// The person's own data from the portal: every list's proof of opt-in as JSON (one file),
// or one list's proof as the PDF staff download, built by the same code (lib/compliance).
// Only the session's number in the session's organization; another list id is a 404.
import "server-only";
import { getProof } from "@/lib/compliance/get-proof";
import { proofJsonBody } from "@/lib/compliance/proof-types";
import { proofPdfResponse } from "@/lib/compliance/proof-http";
import { jsonResponse } from "@/lib/http/api-response";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { recordPrivacyRequest } from "@/lib/privacy/record-privacy-request";
import { findPortalOrganization } from "./find-portal-organization";
import { listPortalSubscribers } from "./get-portal-overview";
import { portalLocale, portalNotFound, portalResponse, readSession } from "./portal-http";
import { startState } from "./show-portal";
import type { PortalSession } from "./portal-tokens";

type Download = "json" | "pdf";

export async function downloadPortalData(options: {
  slug: string;
  request: Request;
  format: Download;
}): Promise<Response> {
  const { request } = options;
  const organization = await findPortalOrganization(options.slug);
  if (!organization) return portalNotFound(request);
  const session = readSession(request, organization);
  if (!session) {
    const locale = portalLocale(request);
    return portalResponse(organization, locale, startState(locale, "sessionEnded"), {
      status: 401,
    });
  }
  const response =
    options.format === "json"
      ? await jsonDownload(organization, session)
      : await pdfDownload(organization.id, session, request);
  if (response.ok) {
    // The compliance queue lists every access (served already, so completed).
    const context = requestContextFromHeaders(request.headers);
    const subscriberId = new URL(request.url).searchParams.get("subscriberId");
    await recordPrivacyRequest({
      organizationId: organization.id,
      phone: session.phone,
      kind: "access",
      channel: session.subscriberId ? "withdraw_link" : "portal",
      details: {
        format: options.format,
        ...(options.format === "pdf" && subscriberId ? { subscriberIds: [subscriberId] } : {}),
      },
      ip: context.ip,
      userAgent: context.userAgent,
    });
  }
  return response;
}

async function jsonDownload(
  organization: { id: string; name: string },
  session: PortalSession,
): Promise<Response> {
  const subscribers = await listPortalSubscribers({
    organizationId: organization.id,
    phone: session.phone,
  });
  const proofs = [];
  for (const subscriber of subscribers) {
    proofs.push(
      proofJsonBody(
        await getProof({ organizationId: organization.id, subscriberId: subscriber.id }),
      ),
    );
  }
  const stamp = new Date().toISOString().slice(0, 10);
  return jsonResponse(
    { organization: organization.name, phone: session.phone, generatedAt: new Date(), proofs },
    {
      headers: {
        "Content-Disposition": `attachment; filename="my-data-${session.phone.replace(/\D/g, "")}-${stamp}.json"`,
        "Cache-Control": "private, no-store",
      },
    },
  );
}

async function pdfDownload(
  organizationId: string,
  session: PortalSession,
  request: Request,
): Promise<Response> {
  const subscriberId = new URL(request.url).searchParams.get("subscriberId") ?? "";
  const subscribers = await listPortalSubscribers({ organizationId, phone: session.phone });
  const subscriber = subscribers.find((candidate) => candidate.id === subscriberId);
  if (!subscriber) {
    return new Response("Not found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const proof = await getProof({ organizationId, subscriberId: subscriber.id });
  return proofPdfResponse(proof);
}
