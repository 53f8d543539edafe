// GET /api/v1/webhook-endpoints → the organization's endpoints (never their secrets).
// POST /api/v1/webhook-endpoints {url, eventTypes, description?} → 201, with the secret (once).
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { apiKeyActor } from "@/lib/consent-events/actor";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import {
  createWebhookEndpoint,
  listWebhookEndpoints,
} from "@/lib/webhooks/manage-webhook-endpoints";
import { WEBHOOK_BODY_MAX_BYTES } from "@/lib/webhooks/webhook-events";

export const GET = withApiErrors(async (request: Request) => {
  const { organizationId } = await authenticateApiKey(request, "webhooks:manage");
  return jsonResponse({ data: await listWebhookEndpoints({ organizationId }) });
});

export const POST = withApiErrors(async (request: Request) => {
  const key = await authenticateApiKey(request, "webhooks:manage");
  const { endpoint, secret } = await createWebhookEndpoint({
    organizationId: key.organizationId,
    actor: apiKeyActor(key, requestContextFromHeaders(request.headers)),
    input: await readJsonBody(request, WEBHOOK_BODY_MAX_BYTES),
  });
  return jsonResponse({ data: endpoint, secret }, { status: 201 });
});
