import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** An owner takes an open invitation back; its link stops working at once. */
export async function revokeInvitation(options: {
  organizationId: string;
  invitationId: string;
  actor: Actor;
}) {
  await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({
      where: {
        id: options.invitationId,
        organizationId: options.organizationId,
        acceptedAt: null,
        revokedAt: null,
      },
    });
    if (!invitation) throw AppError.notFound("Invitation");
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "member.invitation_revoked",
      data: {
        invitationId: invitation.id,
        email: invitation.email,
        role: invitation.role,
        reason: "revoked",
      },
      actor: options.actor,
    });
  });
}
