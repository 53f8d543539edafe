// The person's data from the portal: every list's proof, as JSON (portal session needed).
import { withApiErrors } from "@/lib/http/api-response";
import { downloadPortalData } from "@/lib/portal/download-portal-data";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

export const GET = withApiErrors(async (request: Request, { params }: Params) =>
  downloadPortalData({ slug: (await params).slug, request, format: "json" }),
);
