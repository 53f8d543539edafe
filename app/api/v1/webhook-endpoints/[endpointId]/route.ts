// GET, PATCH {url?, description?, eventTypes?, enabled?} and DELETE one webhook endpoint.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { apiKeyActor } from "@/lib/consent-events/actor";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { parseRecordId } from "@/lib/http/record-id";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import {
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  updateWebhookEndpoint,
} from "@/lib/webhooks/manage-webhook-endpoints";
import { WEBHOOK_BODY_MAX_BYTES } from "@/lib/webhooks/webhook-events";

type Context = { params: Promise<{ endpointId: string }> };

export const GET = withApiErrors(async (request: Request, { params }: Context) => {
  const { organizationId } = await authenticateApiKey(request, "webhooks:manage");
  const endpointId = parseRecordId((await params).endpointId, "Webhook endpoint");
  return jsonResponse({ data: await getWebhookEndpoint({ organizationId, endpointId }) });
});

export const PATCH = withApiErrors(async (request: Request, { params }: Context) => {
  const key = await authenticateApiKey(request, "webhooks:manage");
  const endpointId = parseRecordId((await params).endpointId, "Webhook endpoint");
  const endpoint = await updateWebhookEndpoint({
    organizationId: key.organizationId,
    endpointId,
    actor: apiKeyActor(key, requestContextFromHeaders(request.headers)),
    input: await readJsonBody(request, WEBHOOK_BODY_MAX_BYTES),
  });
  return jsonResponse({ data: endpoint });
});

export const DELETE = withApiErrors(async (request: Request, { params }: Context) => {
  const key = await authenticateApiKey(request, "webhooks:manage");
  const endpointId = parseRecordId((await params).endpointId, "Webhook endpoint");
  await deleteWebhookEndpoint({
    organizationId: key.organizationId,
    endpointId,
    actor: apiKeyActor(key, requestContextFromHeaders(request.headers)),
  });
  return new Response(null, { status: 204 });
});
