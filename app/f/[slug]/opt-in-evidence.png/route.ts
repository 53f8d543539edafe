// GET /f/<slug>/opt-in-evidence.png: the form's public opt-in evidence as PNG (lib/opt-in-evidence).
import { withApiErrors } from "@/lib/http/api-response";
import { optInEvidenceResponse } from "@/lib/opt-in-evidence/opt-in-evidence-response";

export const dynamic = "force-dynamic";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ slug: string }> }) =>
    optInEvidenceResponse(request, (await params).slug, "png"),
);
