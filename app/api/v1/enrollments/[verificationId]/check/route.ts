// POST /api/v1/enrollments/:verificationId/check (public): the code typed on a hosted or
// embedded form (enrollment, or a signup form that confirms by code), with the consents ticked.
import { withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { checkVerification } from "@/lib/verification/check-verification";
import { checkOutcomeResponse } from "@/lib/verification/check-response";
import { VERIFICATION_BODY_MAX_BYTES } from "@/lib/verification/verification-schemas";
import { corsPreflight, ENROLLMENT_CORS_HEADERS } from "../../cors";

export const OPTIONS = corsPreflight;

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ verificationId: string }> }) => {
    const { verificationId } = await params;
    const outcome = await checkVerification({
      verificationId,
      input: await readJsonBody(request, VERIFICATION_BODY_MAX_BYTES),
      context: requestContextFromHeaders(request.headers),
    });
    return checkOutcomeResponse(outcome, ENROLLMENT_CORS_HEADERS);
  },
  ENROLLMENT_CORS_HEADERS,
);
