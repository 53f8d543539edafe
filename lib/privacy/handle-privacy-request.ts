// A compliance member approves or rejects an erasure waiting in the queue, with a recorded
// reason; the decision is an organization event (the audit log). Approving erases at once, in
// the same transaction; either way the sealed number is cleared and only its hash stays.
import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { unseal } from "@/lib/crypto/sealed-box";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import { AppError, ErrorCode } from "@/lib/errors";
import { ERASURE_TX_OPTIONS, eraseNumberTx } from "./erase-subscribers";
import { ZRowId } from "./privacy-input";
import { kindName } from "./privacy-request-kinds";
import { REQUEST_PHONE_SEAL_LABEL } from "./request-erasure";

const ZNote = z.string().trim().max(1000, "At most 1000 characters");

export async function approvePrivacyRequest(options: {
  organizationId: string;
  requestId: string;
  actor: Actor;
  note?: string | null;
}): Promise<{ id: string; status: "completed" }> {
  const note = parseNote(options.note, false);
  return db.$transaction(async (tx) => {
    const request = await claimWaiting(tx, options, {
      status: "COMPLETED",
      note,
    });
    const phone = unseal(request.phoneSealed!, {
      label: REQUEST_PHONE_SEAL_LABEL,
      boundTo: options.organizationId,
    });
    await eraseNumberTx(tx, {
      organizationId: options.organizationId,
      phone,
      actor: options.actor,
      reason: "request",
      requestId: request.id,
    });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "privacy_request.approved",
      data: { requestId: request.id, kind: kindName(request.kind), note },
      actor: options.actor,
    });
    return { id: request.id, status: "completed" as const };
  }, ERASURE_TX_OPTIONS);
}

export async function rejectPrivacyRequest(options: {
  organizationId: string;
  requestId: string;
  actor: Actor;
  note: string;
}): Promise<{ id: string; status: "rejected" }> {
  const note = parseNote(options.note, true)!;
  return db.$transaction(async (tx) => {
    const request = await claimWaiting(tx, options, { status: "REJECTED", note });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "privacy_request.rejected",
      data: { requestId: request.id, kind: kindName(request.kind), note },
      actor: options.actor,
    });
    return { id: request.id, status: "rejected" as const };
  });
}

function parseNote(note: string | null | undefined, required: boolean): string | null {
  const parsed = ZNote.safeParse(note ?? "");
  if (!parsed.success) throw AppError.validation({ note: [parsed.error.issues[0]!.message] });
  if (required && parsed.data === "") {
    throw AppError.validation({ note: ["Say why the request is rejected"] });
  }
  return parsed.data === "" ? null : parsed.data;
}

/**
 * Moves a request of this organization out of AWAITING_APPROVAL, once: a second click, a
 * foreign or malformed id, or a request already handled is refused and nothing changes.
 */
async function claimWaiting(
  tx: Tx,
  options: { organizationId: string; requestId: string; actor: Actor },
  outcome: { status: "COMPLETED" | "REJECTED"; note: string | null },
) {
  if (!ZRowId.safeParse(options.requestId).success) throw AppError.notFound("Privacy request");
  const request = await tx.privacyRequest.findFirst({
    where: { id: options.requestId, organizationId: options.organizationId },
    select: { id: true, kind: true, status: true, phoneSealed: true },
  });
  if (!request) throw AppError.notFound("Privacy request");
  const claimed = await tx.privacyRequest.updateMany({
    where: { id: request.id, organizationId: options.organizationId, status: "AWAITING_APPROVAL" },
    data: {
      status: outcome.status,
      note: outcome.note,
      handledById: options.actor.type === "USER" ? (options.actor.id ?? null) : null,
      handledAt: new Date(),
      phoneSealed: null,
    },
  });
  if (claimed.count === 0 || !request.phoneSealed) {
    throw new AppError(ErrorCode.CONFLICT, "This request is no longer waiting for approval");
  }
  return request;
}
