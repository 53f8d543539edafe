// GET /f/<slug>/opt-in-evidence(.pdf|.png): public, no sign-in, for carrier reviewers. Rate
// limited per IP (the PDF and PNG are rendered on each request); an unknown, unpublished or
// enrollment form gets the same not-found page as /f/<slug>.
import "server-only";
import { AppError, ErrorCode } from "@/lib/errors";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { enforceRateLimits } from "@/lib/rate-limit/check-rate-limit";
import { notFoundPage } from "@/lib/public-form/not-found-page";
import { publicFormPage } from "@/lib/public-form/public-form-response";
import { getOptInEvidence } from "./get-opt-in-evidence";
import { renderOptInEvidencePage } from "./render-opt-in-evidence-page";
import { renderOptInEvidencePdf } from "./render-opt-in-evidence-pdf";
import { renderOptInEvidencePng } from "./render-opt-in-evidence-png";

export const OPT_IN_EVIDENCE_RATE_LIMIT = { limit: 30, windowSeconds: 60 };

export type OptInEvidenceFormat = "html" | "pdf" | "png";

export async function optInEvidenceResponse(
  request: Request,
  slug: string,
  format: OptInEvidenceFormat,
): Promise<Response> {
  const { ip } = requestContextFromHeaders(request.headers);
  try {
    await enforceRateLimits(
      [{ key: `evidence:ip:${ip ?? "unknown"}`, ...OPT_IN_EVIDENCE_RATE_LIMIT }],
      "Too many requests for this page. Wait a minute and try again.",
    );
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== ErrorCode.RATE_LIMITED) throw error;
    return new Response(error.message, {
      status: 429,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Retry-After": String(error.retryAfter ?? 60),
        "Cache-Control": "no-store",
      },
    });
  }
  const source = await getOptInEvidence(slug);
  if (!source) return notFoundPage();
  const { published, evidence } = source;
  // Public and the same for everyone until the form is published again: a short shared cache.
  const cache = { "Cache-Control": "public, max-age=60" };
  const fileName = `opt-in-evidence-${evidence.slug}-v${evidence.version}`;
  if (format === "pdf") {
    const pdf = await renderOptInEvidencePdf(evidence);
    return new Response(new Uint8Array(pdf), {
      headers: {
        ...cache,
        "Content-Type": "application/pdf",
        "Content-Disposition": `inline; filename="${fileName}.pdf"`,
      },
    });
  }
  if (format === "png") {
    const png = await renderOptInEvidencePng(evidence);
    return new Response(new Uint8Array(png), {
      headers: {
        ...cache,
        "Content-Type": "image/png",
        "Content-Disposition": `inline; filename="${fileName}.png"`,
      },
    });
  }
  const served = publicFormPage(
    published,
    { embedded: false, pageUrl: evidence.hostedUrl, referrer: null },
    {
      step: "form",
      values: { phone: "", country: published.version.defaultCountry, consent: false },
      errors: {},
    },
    { withScript: false },
  );
  return new Response(renderOptInEvidencePage(evidence, served), {
    headers: { ...cache, "Content-Type": "text/html; charset=utf-8" },
  });
}
