// Runs before /f/… pages: a signup form may be framed only by the sites its owner listed
// (clickjacking a consent checkbox is a real attack); with no list, anywhere.
import { NextResponse, type NextRequest } from "next/server";
import { getFrameAncestors } from "@/lib/forms/get-frame-ancestors";

export async function proxy(request: NextRequest) {
  const slug = request.nextUrl.pathname.split("/")[2] ?? "";
  const origins = await getFrameAncestors(slug);
  const response = NextResponse.next();
  response.headers.set(
    "Content-Security-Policy",
    `frame-ancestors ${origins.length > 0 ? `'self' ${origins.join(" ")}` : "*"}`,
  );
  return response;
}

export const config = { matcher: ["/f/:slug*"] };
