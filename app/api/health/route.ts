// Liveness: the process answers. No database, no authentication, nothing about the setup.
// (Readiness, which checks the database and the outbox worker, is /api/ready.)
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
