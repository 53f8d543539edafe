// GET /api/v1/exports/consent-events?format=csv|ndjson&from=&to=&audienceId=&type=a&type=b
// Streams the file; its manifest is at the Link header once the download has finished.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { apiKeyActor } from "@/lib/consent-events/actor";
import { withApiErrors } from "@/lib/http/api-response";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { exportConsentEvents } from "@/lib/exports/export-consent-events";
import { exportResponse } from "@/lib/exports/export-response";
import { queryFromSearchParams } from "@/lib/exports/export-schemas";

export const GET = withApiErrors(async (request: Request) => {
  const key = await authenticateApiKey(request, "exports:read");
  const started = await exportConsentEvents({
    organizationId: key.organizationId,
    actor: apiKeyActor(key, requestContextFromHeaders(request.headers)),
    query: queryFromSearchParams(new URL(request.url).searchParams),
  });
  return exportResponse(started);
});
