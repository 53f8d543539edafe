// GET /api/v1/exports/sending-list?format=csv|ndjson&audienceId=
// Confirmed, marketing-consented numbers that may be texted, for a sending platform.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { apiKeyActor } from "@/lib/consent-events/actor";
import { withApiErrors } from "@/lib/http/api-response";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { exportResponse } from "@/lib/exports/export-response";
import { queryFromSearchParams } from "@/lib/exports/export-schemas";
import { exportSendingList } from "@/lib/exports/export-sending-list";

export const GET = withApiErrors(async (request: Request) => {
  const key = await authenticateApiKey(request, "exports:read");
  const started = await exportSendingList({
    organizationId: key.organizationId,
    actor: apiKeyActor(key, requestContextFromHeaders(request.headers)),
    query: queryFromSearchParams(new URL(request.url).searchParams),
  });
  return exportResponse(started);
});
