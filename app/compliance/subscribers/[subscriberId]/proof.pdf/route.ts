// GET /compliance/subscribers/:id/proof.pdf: the proof of opt-in as a PDF built on the server,
// for the signed-in dashboard user (cookie session).
import { getProofForSession, proofPdfResponse } from "@/lib/compliance/proof-http";
import { withApiErrors } from "@/lib/http/api-response";

export const dynamic = "force-dynamic";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ subscriberId: string }> }) => {
    const { subscriberId } = await params;
    const proof = await getProofForSession({ request, subscriberId });
    if (proof instanceof Response) return proof;
    return proofPdfResponse(proof);
  },
);
