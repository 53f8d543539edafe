// GET /f/<slug>: the empty signup form. Hosted, the page records its own address and the
// referrer the browser sent; embedded, the host page's address and referrer from embed.js.
import "server-only";
import { getEnv } from "@/lib/env";
import { getPublishedForm } from "@/lib/forms/get-published-form";
import { enrollmentRedirect } from "./enrollment-redirect";
import { notFoundPage } from "./not-found-page";
import { placementText, publicFormResponse } from "./public-form-response";

export async function showPublicForm(slug: string, request: Request): Promise<Response> {
  const published = await getPublishedForm(slug);
  if (!published) return notFoundPage();
  const url = new URL(request.url);
  if (published.form.kind === "ENROLLMENT") return enrollmentRedirect(slug, url.search);
  const query = url.searchParams;
  const embedded = query.get("embed") === "1";
  // The address as the visitor saw it, campaign parameters included.
  const hostedUrl = `${new URL(getEnv().publicBaseUrl).origin}${url.pathname}${url.search}`;
  return publicFormResponse(
    published,
    {
      embedded,
      pageUrl: embedded ? placementText(query.get("page")) : hostedUrl,
      referrer: placementText(embedded ? query.get("ref") : request.headers.get("referer")),
    },
    {
      step: "form",
      values: { phone: "", country: published.version.defaultCountry, consent: false },
      errors: {},
    },
  );
}
