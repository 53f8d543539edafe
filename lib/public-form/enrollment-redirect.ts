// Enrollment (2FA) forms are a React page at /f/<slug>/enroll; their /f/<slug> address
// (and any embed of it) leads there, query included.
export function enrollmentRedirect(slug: string, search: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: `/f/${encodeURIComponent(slug)}/enroll${search}` },
  });
}
