// POST /api/v1/verifications/:id/check {code, consents: {verification: true, marketing}}
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { checkVerification } from "@/lib/verification/check-verification";
import { apiKeyActor } from "@/lib/consent-events/actor";
import { checkOutcomeResponse } from "@/lib/verification/check-response";
import { VERIFICATION_BODY_MAX_BYTES } from "@/lib/verification/verification-schemas";

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ verificationId: string }> }) => {
    const key = await authenticateApiKey(request, "verify:write");
    const { verificationId } = await params;
    const context = requestContextFromHeaders(request.headers);
    const outcome = await checkVerification({
      verificationId,
      input: await readJsonBody(request, VERIFICATION_BODY_MAX_BYTES),
      organizationId: key.organizationId,
      context,
      actor: apiKeyActor(key, context),
      issueDeviceToken: true,
    });
    return checkOutcomeResponse(outcome);
  },
);
