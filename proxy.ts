// Runs before /f/… pages: a signup form may be framed only by the sites its owner listed
// (clickjacking a consent checkbox is a real attack); with no list, anywhere.
// Before signed-in pages it passes the requested path on (REQUEST_PATH_HEADER), so that a
// signed-out visitor is sent to sign-in and brought back to that very page.
import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/return-path";
import { getFrameAncestors } from "@/lib/forms/get-frame-ancestors";

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (!pathname.startsWith("/f/")) {
    const headers = new Headers(request.headers);
    headers.set(REQUEST_PATH_HEADER, `${pathname}${search}`);
    return NextResponse.next({ request: { headers } });
  }
  const slug = pathname.split("/")[2] ?? "";
  const origins = await getFrameAncestors(slug);
  const response = NextResponse.next();
  response.headers.set(
    "Content-Security-Policy",
    `frame-ancestors ${origins.length > 0 ? `'self' ${origins.join(" ")}` : "*"}`,
  );
  return response;
}

export const config = {
  matcher: ["/f/:slug*", "/dashboard", "/dashboard/:path*", "/compliance", "/compliance/:path*"],
};
