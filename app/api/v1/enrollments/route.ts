// POST /api/v1/enrollments (public, no key): the hosted or embedded enrollment form asks for
// a code. {formId: id or slug, phone, country, channel?, deviceToken?, pageUrl?, referrer?}
import { jsonResponse, withApiErrors } from "@/lib/http/api-response";
import { readJsonBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { requestVerification } from "@/lib/verification/request-verification";
import { VERIFICATION_BODY_MAX_BYTES } from "@/lib/verification/verification-schemas";
import { corsPreflight, ENROLLMENT_CORS_HEADERS } from "./cors";

export const OPTIONS = corsPreflight;

export const POST = withApiErrors(async (request: Request) => {
  const result = await requestVerification({
    input: await readJsonBody(request, VERIFICATION_BODY_MAX_BYTES),
    context: {
      ...requestContextFromHeaders(request.headers),
      origin: request.headers.get("origin"),
    },
  });
  return jsonResponse(result, {
    status: result.skipped ? 200 : 201,
    headers: ENROLLMENT_CORS_HEADERS,
  });
}, ENROLLMENT_CORS_HEADERS);
