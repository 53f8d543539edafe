// GET /compliance/subscribers/:id/proof.pdf: the proof of opt-in as a PDF built on the server,
// for the signed-in dashboard user (cookie session).
import { getProofForSession } from "@/lib/compliance/proof-http";
import { proofFileName } from "@/lib/compliance/proof-types";
import { renderProofPdf } from "@/lib/compliance/render-proof-pdf";
import { withApiErrors } from "@/lib/http/api-response";

export const dynamic = "force-dynamic";

export const GET = withApiErrors(
  async (request: Request, { params }: { params: Promise<{ subscriberId: string }> }) => {
    const { subscriberId } = await params;
    const proof = await getProofForSession({ request, subscriberId });
    if (proof instanceof Response) return proof;
    const pdf = await renderProofPdf(proof);
    return new Response(new Uint8Array(pdf), {
      headers: {
        "Content-Type": "application/pdf",
        "Content-Disposition": `attachment; filename="${proofFileName(proof, "pdf")}"`,
        "Content-Length": String(pdf.length),
        "Cache-Control": "private, no-store",
        "X-Proof-Document-Id": proof.documentId,
        "X-Proof-Content-Sha256": proof.contentSha256,
      },
    });
  },
);
