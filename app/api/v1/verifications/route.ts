// POST /api/v1/verifications: send a code to a number for an enrollment (2FA) form of the
// key's organization; with a valid deviceToken for the same number, approve without a code.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { requestVerification } from "@/lib/verification/request-verification";
import { VERIFICATION_BODY_MAX_BYTES } from "@/lib/verification/verification-schemas";

export const POST = withApiErrors(async (request: Request) => {
  const { organizationId } = await authenticateApiKey(request, "verify:write");
  const input = await readJsonBody(request, VERIFICATION_BODY_MAX_BYTES);
  const result = await requestVerification({
    input,
    organizationId,
    context: requestContextFromHeaders(request.headers),
  });
  return jsonResponse(result, { status: result.skipped ? 200 : 201 });
});
