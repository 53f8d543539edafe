// The privacy portal, /p/<org slug>: plain HTML (GET) and its form posts (POST), no
// JavaScript needed. See lib/portal/.
import { AppError, ErrorCode } from "@/lib/errors";
import { withApiErrors } from "@/lib/http/api-response";
import { readFormBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { PORTAL_BODY_MAX_BYTES } from "@/lib/portal/portal-http";
import { showPortal } from "@/lib/portal/show-portal";
import { submitPortal } from "@/lib/portal/submit-portal";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

export const GET = withApiErrors(async (request: Request, { params }: Params) =>
  showPortal((await params).slug, request),
);

export const POST = withApiErrors(async (request: Request, { params }: Params) => {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the form as a form post.");
  }
  return submitPortal({
    slug: (await params).slug,
    request,
    fields: await readFormBody(request, PORTAL_BODY_MAX_BYTES),
    context: requestContextFromHeaders(request.headers),
  });
});
