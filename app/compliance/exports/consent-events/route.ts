// GET /compliance/exports/consent-events?format=&from=&to=&audienceId=&type=: the dashboard's
// download (session cookie); same export, same manifest and evidence as the API.
import { authorizeDashboardExport } from "@/lib/exports/authorize-dashboard-export";
import { exportConsentEvents } from "@/lib/exports/export-consent-events";
import { exportResponse } from "@/lib/exports/export-response";
import { queryFromSearchParams } from "@/lib/exports/export-schemas";
import { withApiErrors } from "@/lib/http/api-response";

export const GET = withApiErrors(async (request: Request) => {
  const { organizationId, actor } = await authorizeDashboardExport(request);
  const started = await exportConsentEvents({
    organizationId,
    actor,
    query: queryFromSearchParams(new URL(request.url).searchParams),
  });
  return exportResponse(started);
});
