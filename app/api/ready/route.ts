// Readiness for the load balancer: 200 when this process can take traffic, 503 with the check
// that failed otherwise (lib/ops/check-readiness.ts). No authentication, nothing sensitive.
import { checkReadiness } from "@/lib/ops/check-readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const { ready, checks } = await checkReadiness();
  return Response.json(
    { status: ready ? "ready" : "not_ready", checks },
    { status: ready ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
