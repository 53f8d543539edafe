// Public signup endpoint used by the hosted page, the iframe and any embed (lib/signups/signup-route.ts).
import { postSignup, SIGNUP_CORS_HEADERS } from "@/lib/signups/signup-route";

export function OPTIONS() {
  return new Response(null, { status: 204, headers: SIGNUP_CORS_HEADERS });
}

export async function POST(request: Request, { params }: { params: Promise<{ formId: string }> }) {
  return postSignup(request, (await params).formId);
}
