// GET /api/v1/subscribers/:id/proof: the proof of opt-in as JSON. `contentSha256` is the
// SHA-256 of the canonical JSON of `data`, the same value printed on the PDF.
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { getProof } from "@/lib/compliance/get-proof";
import { proofJsonBody } from "@/lib/compliance/proof-types";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ subscriberId: string }> }) => {
    const { organizationId } = await authenticateApiKey(request, "evidence:read");
    const { subscriberId } = await params;
    const proof = await getProof({ organizationId, subscriberId });
    return jsonResponse(proofJsonBody(proof), { headers: { "Cache-Control": "no-store" } });
  },
);
