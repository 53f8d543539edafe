// Who is exporting from the dashboard: the signed-in member (session cookie), if their role
// may export, as the actor recorded in the manifest and the export.created event.
import "server-only";
import { userActor, type Actor } from "@/lib/consent-events/actor";
import { can } from "@/lib/auth/permissions";
import { getMembership } from "@/lib/auth/require-membership";
import { AppError, ErrorCode } from "@/lib/errors";
import { requestContextFromHeaders } from "@/lib/http/request-context";

export async function authorizeDashboardExport(
  request: Request,
): Promise<{ organizationId: string; actor: Actor }> {
  // Session cookies ride along on cross-site links (SameSite=Lax); another site must not be
  // able to make a member's browser run exports, each of which is recorded.
  if (request.headers.get("sec-fetch-site") === "cross-site") {
    throw new AppError(ErrorCode.FORBIDDEN, "Start exports from the optline dashboard.");
  }
  const membership = await getMembership();
  if (!membership)
    throw new AppError(ErrorCode.UNAUTHORIZED, "Your session has ended. Sign in again.");
  if (!can(membership.role, "exports:create")) {
    throw new AppError(ErrorCode.FORBIDDEN, "Your role does not allow exports.");
  }
  return {
    organizationId: membership.organizationId,
    actor: userActor(membership.user, requestContextFromHeaders(request.headers)),
  };
}
