// GET /api/v1/evidence/verify[?subscriberId=]: recomputes the hash chains (one subscriber's,
// or the whole organization's) and reports "intact" or the first broken link.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";

export const GET = withApiErrors(async (request: Request) => {
  const { organizationId } = await authenticateApiKey(request, "evidence:read");
  const subscriberId = new URL(request.url).searchParams.get("subscriberId") ?? undefined;
  if (subscriberId) {
    const subscriber = await db.subscriber.findFirst({
      where: { id: subscriberId, organizationId },
      select: { id: true },
    });
    if (!subscriber) throw AppError.notFound("Subscriber");
  }
  return jsonResponse({ data: await verifyChains({ organizationId, subscriberId }) });
});
