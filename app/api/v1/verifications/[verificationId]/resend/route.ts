// POST /api/v1/verifications/:id/resend {channel?: "sms" | "call" | "whatsapp"}
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { resendVerification } from "@/lib/verification/resend-verification";
import { VERIFICATION_BODY_MAX_BYTES } from "@/lib/verification/verification-schemas";

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ verificationId: string }> }) => {
    const { organizationId } = await authenticateApiKey(request, "verify:write");
    const { verificationId } = await params;
    const view = await resendVerification({
      verificationId,
      input: await readJsonBody(request, VERIFICATION_BODY_MAX_BYTES),
      organizationId,
      context: requestContextFromHeaders(request.headers),
    });
    return jsonResponse(view);
  },
);
