// GET /compliance/subscribers/:id/proof.json: the API's proof JSON, for the signed-in
// dashboard user (cookie session), as a file.
import { getProofForSession } from "@/lib/compliance/proof-http";
import { proofFileName, proofJsonBody } from "@/lib/compliance/proof-types";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";

export const dynamic = "force-dynamic";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ subscriberId: string }> }) => {
    const { subscriberId } = await params;
    const proof = await getProofForSession({ request, subscriberId });
    if (proof instanceof Response) return proof;
    return jsonResponse(proofJsonBody(proof), {
      headers: {
        "Content-Disposition": `attachment; filename="${proofFileName(proof, "json")}"`,
        "Cache-Control": "private, no-store",
      },
    });
  },
);
