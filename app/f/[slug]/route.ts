// The hosted signup page, /f/<slug>, and its no-JavaScript submissions. With ?embed=1 it
// renders bare, for the iframe that embed.js (or a hand-written <iframe>) puts on the
// business's own site. Enrollment (2FA) forms live at /f/<slug>/enroll (a React page).
import { AppError, ErrorCode } from "@/lib/errors";
import { withApiErrors } from "@/lib/http/api-response";
import { readFormBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { showPublicForm } from "@/lib/public-form/show-public-form";
import { submitPublicForm } from "@/lib/public-form/submit-public-form";
import { SIGNUP_BODY_MAX_BYTES } from "@/lib/signups/signup-schema";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string }> };

export async function GET(request: Request, { params }: Params) {
  return showPublicForm((await params).slug, request);
}

export const POST = withApiErrors(async (request: Request, { params }: Params) => {
  // What an HTML form (and public-form.js) sends; anything else is not this form.
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the form as a form post.");
  }
  return submitPublicForm({
    slug: (await params).slug,
    fields: await readFormBody(request, SIGNUP_BODY_MAX_BYTES),
    embedded: new URL(request.url).searchParams.get("embed") === "1",
    context: {
      ...requestContextFromHeaders(request.headers),
      origin: request.headers.get("origin"),
      referer: request.headers.get("referer"),
    },
  });
});
