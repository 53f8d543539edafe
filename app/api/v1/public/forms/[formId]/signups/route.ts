// Public signup endpoint used by the hosted page, the iframe and any embed. CORS is open
// (no cookies are involved); a form may restrict which sites can use it (allowedOrigins).
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { metrics, refusalResult } from "@/lib/metrics/metrics";
import { SIGNUP_BODY_MAX_BYTES } from "@/lib/signups/signup-schema";
import { submitSignup } from "@/lib/signups/submit-signup";

const CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

export function OPTIONS() {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

export const POST = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ formId: string }> }) => {
    const { formId } = await params;
    const input = await readJsonBody(request, SIGNUP_BODY_MAX_BYTES);
    const result = await submitSignup({
      formIdOrSlug: formId,
      input,
      context: {
        ...requestContextFromHeaders(request.headers),
        origin: request.headers.get("origin"),
      },
    }).catch((error: unknown) => {
      // Accepted signups are counted by submitSignup, with their outcome.
      metrics.signups.inc({ result: refusalResult(error) });
      throw error;
    });
    return jsonResponse(result, { status: 202, headers: CORS_HEADERS });
  },
  CORS_HEADERS,
);
