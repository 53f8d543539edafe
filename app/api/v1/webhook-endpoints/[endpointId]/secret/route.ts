// POST /api/v1/webhook-endpoints/:id/secret → a new signing secret, shown this once; the old
// one stops signing at once.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { apiKeyActor } from "@/lib/consent-events/actor";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { parseRecordId } from "@/lib/http/record-id";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { rollWebhookSecret } from "@/lib/webhooks/manage-webhook-endpoints";

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ endpointId: string }> }) => {
    const key = await authenticateApiKey(request, "webhooks:manage");
    const endpointId = parseRecordId((await params).endpointId, "Webhook endpoint");
    const { endpoint, secret } = await rollWebhookSecret({
      organizationId: key.organizationId,
      endpointId,
      actor: apiKeyActor(key, requestContextFromHeaders(request.headers)),
    });
    return jsonResponse({ data: endpoint, secret });
  },
);
