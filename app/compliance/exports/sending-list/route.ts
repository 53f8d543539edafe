// GET /compliance/exports/sending-list?format=&audienceId=: the dashboard's download (session
// cookie); same export, same manifest and evidence as the API.
import { authorizeDashboardExport } from "@/lib/exports/authorize-dashboard-export";
import { exportResponse } from "@/lib/exports/export-response";
import { queryFromSearchParams } from "@/lib/exports/export-schemas";
import { exportSendingList } from "@/lib/exports/export-sending-list";
import { withApiErrors } from "@/lib/http/api-response";

export const GET = withApiErrors(async (request: Request) => {
  const { organizationId, actor } = await authorizeDashboardExport(request);
  const started = await exportSendingList({
    organizationId,
    actor,
    query: queryFromSearchParams(new URL(request.url).searchParams),
  });
  return exportResponse(started);
});
