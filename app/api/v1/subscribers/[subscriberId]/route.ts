// GET /api/v1/subscribers/:id: one subscriber with both consents and every consent event.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { getSubscriber } from "@/lib/subscribers/get-subscriber";
import { serializeSubscriber } from "@/lib/subscribers/serialize-subscriber";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ subscriberId: string }> }) => {
    const { organizationId } = await authenticateApiKey(request, "subscribers:read");
    const { subscriberId } = await params;
    const subscriber = await getSubscriber({ organizationId, subscriberId });
    return jsonResponse({
      data: {
        ...serializeSubscriber(subscriber),
        events: subscriber.events.map((event) => ({
          id: event.id,
          seq: event.seq,
          type: event.type,
          summary: event.description.title,
          data: event.parsed.data,
          actor: { type: event.actorType.toLowerCase(), id: event.actorId, name: event.actorName },
          ip: event.ip,
          userAgent: event.userAgent,
          createdAt: event.createdAt.toISOString(),
          hash: event.hash,
          prevHash: event.prevHash,
        })),
      },
    });
  },
);
