// GET /dashboard/growth.csv?chart=growth|sources|failures&range=&interval=&audienceId=&formId=:
// the data behind a growth chart (session cookie; every role that may export).
import { authorizeDashboardExport } from "@/lib/exports/authorize-dashboard-export";
import { exportGrowthCsv } from "@/lib/growth/export-growth-csv";
import { withApiErrors } from "@/lib/http/api-response";

export const GET = withApiErrors(async (request: Request) => {
  const { organizationId } = await authorizeDashboardExport(request);
  const { filename, csv } = await exportGrowthCsv({
    organizationId,
    searchParams: new URL(request.url).searchParams,
  });
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});
