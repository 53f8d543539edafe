// Prometheus scrape endpoint: 404 unless METRICS_TOKEN is set, then bearer-token only.
import { withApiErrors } from "@/lib/http/api-response";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { serveMetrics } from "@/lib/metrics/serve-metrics";

export const dynamic = "force-dynamic";

export const GET = withApiErrors(async (request: Request) => {
  const { text, contentType } = await serveMetrics({
    authorization: request.headers.get("authorization"),
    ip: requestContextFromHeaders(request.headers).ip,
  });
  return new Response(text, {
    headers: { "Content-Type": contentType, "Cache-Control": "no-store" },
  });
});
