// Invitations as their pages and the Members page show them. Looking one up by its link
// changes nothing (a mail scanner opening the link accepts nothing).
import "server-only";
import { hashSecretToken, isWellFormedToken } from "@/lib/auth/secret-token";
import { db } from "@/lib/db/client";

export type InvitationState = "open" | "accepted" | "revoked" | "expired";

export async function findInvitationByToken(options: { token: unknown; now?: Date }) {
  if (!isWellFormedToken(options.token)) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashSecretToken(options.token) },
    include: { organization: { select: { id: true, name: true } } },
  });
  if (!invitation) return null;
  const inviter = invitation.invitedById
    ? await db.user.findUnique({ where: { id: invitation.invitedById }, select: { name: true } })
    : null;
  const now = options.now ?? new Date();
  const state: InvitationState = invitation.acceptedAt
    ? "accepted"
    : invitation.revokedAt
      ? "revoked"
      : invitation.expiresAt <= now
        ? "expired"
        : "open";
  return { ...invitation, inviterName: inviter?.name ?? null, state };
}

/** Invitations not yet accepted, revoked or expired, newest first. */
export async function listOpenInvitations(options: { organizationId: string; now?: Date }) {
  return db.invitation.findMany({
    where: {
      organizationId: options.organizationId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: options.now ?? new Date() },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, email: true, role: true, createdAt: true, expiresAt: true },
  });
}
