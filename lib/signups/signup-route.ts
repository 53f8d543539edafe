// The public signup endpoint's handler: app/api/v1/public/forms/[formId]/signups/route.ts
// exports it, and scripts/server.ts calls it directly (lib/http/direct-routes.ts).
// CORS is open (no cookies are involved); a form may restrict which sites can use it
// (allowedOrigins).
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { metrics, refusalResult } from "@/lib/metrics/metrics";
import { SIGNUP_BODY_MAX_BYTES } from "@/lib/signups/signup-schema";
import { submitSignup } from "@/lib/signups/submit-signup";

export const SIGNUP_CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

export const postSignup = withApiErrors(async (request: Request, formId: string) => {
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
  return jsonResponse(result, { status: 202, headers: SIGNUP_CORS_HEADERS });
}, SIGNUP_CORS_HEADERS);
