// The public form page as an HTTP answer: the published form, where it is shown (hosted or
// embedded, and the page and referrer it carries for the evidence) and the step to show.
import "server-only";
import type { PublishedForm } from "@/lib/forms/get-published-form";
import { countryOptions } from "@/lib/phone/countries";
import { renderPublicFormPage, type PublicFormState } from "./render-public-form-page";
import { versionedAssetUrl } from "./versioned-asset-url";

export interface PublicFormPlacement {
  embedded: boolean;
  pageUrl: string | null;
  referrer: string | null;
}

export function publicFormResponse(
  published: PublishedForm,
  placement: PublicFormPlacement,
  state: PublicFormState,
  status = 200,
): Response {
  const page = publicFormPage(published, placement, state);
  return new Response(page, {
    status,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      // Answers to a POST show a (masked) number: never stored by a shared cache.
      "Cache-Control": "private, no-store",
    },
  });
}

/**
 * The page's HTML. `withScript: false` leaves out public-form.js: the same page, inert (the
 * opt-in evidence page shows the form that way).
 */
export function publicFormPage(
  { form, version, organizationSlug, showPoweredBy }: PublishedForm,
  placement: PublicFormPlacement,
  state: PublicFormState,
  { withScript = true }: { withScript?: boolean } = {},
): string {
  const action = `/f/${encodeURIComponent(form.slug)}${placement.embedded ? "?embed=1" : ""}`;
  const restart = placement.embedded
    ? `${action}&page=${encodeURIComponent(placement.pageUrl ?? "")}&ref=${encodeURIComponent(placement.referrer ?? "")}`
    : action;
  return renderPublicFormPage({
    content: version,
    countries: countryOptions(version.locale),
    frame: {
      formId: form.id,
      versionId: version.id,
      action,
      restartUrl: restart,
      embedded: placement.embedded,
      pageUrl: placement.pageUrl,
      referrer: placement.referrer,
      scriptUrl: withScript ? versionedAssetUrl("public-form.js") : "",
      portalUrl: `/p/${encodeURIComponent(organizationSlug)}`,
      showPoweredBy,
    },
    state,
  });
}

/** Query or form values for the page and referrer, capped like the signup API's fields. */
export function placementText(value: unknown): string | null {
  return typeof value === "string" && value ? value.slice(0, 2000) : null;
}
