// GET /api/v1/evidence/verify[?subscriberId=][&checkpoint=<root|id>]: recomputes the hash
// chains (one subscriber's, or the whole organization's) and holds them against their heads;
// with `checkpoint`, also holds today's evidence against that earlier checkpoint. Answers
// with the result and the organization's latest checkpoint (whose root is worth keeping).
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { verifyEvidence } from "@/lib/consent-events/verify-evidence";
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";

export const GET = withApiErrors(async (request: Request) => {
  const { organizationId } = await authenticateApiKey(request, "evidence:read");
  const query = new URL(request.url).searchParams;
  return jsonResponse({
    data: await verifyEvidence({
      organizationId,
      subscriberId: query.get("subscriberId") ?? undefined,
      checkpoint: query.get("checkpoint") ?? undefined,
    }),
  });
});
