// GET /api/v1/subscribers?audienceId=&status=pending|confirmed|unsubscribed|not_subscribed&phone=&cursor=&limit=
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { listSubscribers } from "@/lib/subscribers/list-subscribers";
import { serializeSubscriber } from "@/lib/subscribers/serialize-subscriber";

export const GET = withApiErrors(async (request: Request) => {
  const { organizationId } = await authenticateApiKey(request, "subscribers:read");
  const params = Object.fromEntries(new URL(request.url).searchParams);
  if (params.status) params.status = params.status.toUpperCase();
  const { items, nextCursor } = await listSubscribers({ organizationId, query: params });
  return jsonResponse({ data: items.map(serializeSubscriber), nextCursor });
});
