// POST /api/v1/enrollments/:verificationId/resend (public) {channel?}: "Send a new code".
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { resendVerification } from "@/lib/verification/resend-verification";
import { VERIFICATION_BODY_MAX_BYTES } from "@/lib/verification/verification-schemas";
import { corsPreflight, ENROLLMENT_CORS_HEADERS } from "../../cors";

export const OPTIONS = corsPreflight;

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ verificationId: string }> }) => {
    const { verificationId } = await params;
    const view = await resendVerification({
      verificationId,
      input: await readJsonBody(request, VERIFICATION_BODY_MAX_BYTES),
      context: requestContextFromHeaders(request.headers),
    });
    return jsonResponse(view, { headers: ENROLLMENT_CORS_HEADERS });
  },
  ENROLLMENT_CORS_HEADERS,
);
