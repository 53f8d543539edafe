// GET /api/v1/exports/:id: the manifest of an export (filters, rows, SHA-256, by whom, when).
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { getExportManifest } from "@/lib/exports/get-export-manifest";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ exportId: string }> }) => {
    const { organizationId } = await authenticateApiKey(request, "exports:read");
    const { exportId } = await params;
    return jsonResponse({ data: await getExportManifest({ organizationId, exportId }) });
  },
);
