// The public code endpoints are called by the hosted form and its iframe: no cookies, open
// CORS (a form may still restrict the sites that use it, by Origin).
export const ENROLLMENT_CORS_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type",
  "Access-Control-Max-Age": "86400",
};

export function corsPreflight(): Response {
  return new Response(null, { status: 204, headers: ENROLLMENT_CORS_HEADERS });
}
