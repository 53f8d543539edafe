// POST /api/v1/webhook-endpoints/:id/test → posts a signed webhook.test event now and answers
// with the outcome ({ deliveryId, ok, status, error }).
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { parseRecordId } from "@/lib/http/record-id";
import { sendTestWebhook } from "@/lib/webhooks/webhook-delivery-log";

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ endpointId: string }> }) => {
    const { organizationId } = await authenticateApiKey(request, "webhooks:manage");
    const endpointId = parseRecordId((await params).endpointId, "Webhook endpoint");
    return jsonResponse({ data: await sendTestWebhook({ organizationId, endpointId }) });
  },
);
