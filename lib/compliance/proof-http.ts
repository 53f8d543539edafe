// Who may download a proof with a dashboard session (the PDF and JSON routes under /compliance).
import "server-only";
import { NextResponse } from "next/server";
import { can } from "@/lib/auth/permissions";
import { getMembership } from "@/lib/auth/require-membership";
import { loginPath } from "@/lib/auth/return-path";
import { AppError, ErrorCode } from "@/lib/errors";
import { parseRecordId } from "@/lib/http/record-id";
import { getProof } from "./get-proof";
import { proofFileName, type ProofDocument } from "./proof-types";
import { renderProofPdf } from "./render-proof-pdf";

/**
 * The proof for the signed-in user's organization. Not signed in: a browser is sent to
 * sign-in (a Response is returned), anything else gets 401. A role without "evidence:read"
 * gets the same 404 as a subscriber that does not exist.
 */
export async function getProofForSession(options: {
  request: Request;
  subscriberId: string;
}): Promise<ProofDocument | Response> {
  const membership = await getMembership();
  if (!membership) {
    if (options.request.headers.get("accept")?.includes("text/html")) {
      const { pathname, search } = new URL(options.request.url);
      return NextResponse.redirect(
        new URL(loginPath(`${pathname}${search}`), options.request.url),
        303,
      );
    }
    throw new AppError(ErrorCode.UNAUTHORIZED, "Sign in to download proofs.");
  }
  if (!can(membership.role, "evidence:read")) throw AppError.notFound("Subscriber");
  return getProof({
    organizationId: membership.organizationId,
    subscriberId: parseRecordId(options.subscriberId, "Subscriber"),
  });
}

/** The proof as a PDF download (dashboard and privacy portal), with its id and content hash. */
export async function proofPdfResponse(proof: ProofDocument): Promise<Response> {
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
}
