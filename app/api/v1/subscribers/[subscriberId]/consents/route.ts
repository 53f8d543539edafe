// POST /api/v1/subscribers/:id/consents {purpose: "verification" | "marketing", action: "revoke" | "grant"}
// Changes one consent and never the other.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { changeConsent } from "@/lib/verification/change-consent";
import { apiKeyActor } from "@/lib/consent-events/actor";
import { VERIFICATION_BODY_MAX_BYTES } from "@/lib/verification/verification-schemas";

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ subscriberId: string }> }) => {
    const key = await authenticateApiKey(request, "verify:write");
    const { subscriberId } = await params;
    const result = await changeConsent({
      organizationId: key.organizationId,
      subscriberId,
      input: await readJsonBody(request, VERIFICATION_BODY_MAX_BYTES),
      method: "api",
      actor: apiKeyActor(key, requestContextFromHeaders(request.headers)),
    });
    return jsonResponse(result);
  },
);
