// POST /api/v1/webhook-deliveries/:id/redeliver → sends the delivery again now (same
// webhook-id, a fresh 3-day retry schedule) and answers with the outcome.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { parseRecordId } from "@/lib/http/record-id";
import { redeliverWebhook } from "@/lib/webhooks/webhook-delivery-log";

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ deliveryId: string }> }) => {
    const { organizationId } = await authenticateApiKey(request, "webhooks:manage");
    const deliveryId = parseRecordId((await params).deliveryId, "Delivery");
    return jsonResponse({ data: await redeliverWebhook({ organizationId, deliveryId }) });
  },
);
