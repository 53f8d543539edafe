// GET /api/v1/webhook-endpoints/:id/deliveries?limit= → the delivery log, newest first, with
// each delivery's latest attempts and their response codes.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { parseRecordId } from "@/lib/http/record-id";
import { listWebhookDeliveries } from "@/lib/webhooks/webhook-delivery-log";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ endpointId: string }> }) => {
    const { organizationId } = await authenticateApiKey(request, "webhooks:manage");
    const endpointId = parseRecordId((await params).endpointId, "Webhook endpoint");
    const limit = Number(new URL(request.url).searchParams.get("limit") ?? "50");
    const deliveries = await listWebhookDeliveries({
      organizationId,
      endpointId,
      limit: Number.isInteger(limit) ? limit : 50,
    });
    return jsonResponse({ data: deliveries });
  },
);
