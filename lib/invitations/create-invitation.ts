// An owner invites someone by email. The invitation is a single-use link that expires after
// 7 days (only its SHA-256 is stored); it is mailed when mail is set up, and shown once to the
// owner to copy either way. A newer invitation to the same email replaces the older one.
import "server-only";
import { hashSecretToken, newSecretToken } from "@/lib/auth/secret-token";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError, parseInput } from "@/lib/errors";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { invitationMail } from "@/lib/mail/account-mails";
import { sendMail } from "@/lib/mail/send-mail";
import { ZInvitationSchema } from "@/lib/organizations/account-schemas";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function invitationUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/invite/${token}`;
}

export async function createInvitation(options: {
  organizationId: string;
  inviter: { id: string; name: string };
  actor: Actor;
  input: unknown;
  now?: Date;
}) {
  const input = parseInput(ZInvitationSchema, options.input);
  const now = options.now ?? new Date();
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const { invitation, organizationName } = await db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { organizationId: options.organizationId, user: { email: input.email } },
    });
    if (member) throw AppError.validation({ email: ["Already a member of this organization"] });
    const older = await tx.invitation.findMany({
      where: {
        organizationId: options.organizationId,
        email: input.email,
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: now },
      },
    });
    for (const old of older) {
      await tx.invitation.update({ where: { id: old.id }, data: { revokedAt: now } });
      await recordEvent(tx, {
        organizationId: options.organizationId,
        type: "member.invitation_revoked",
        data: { invitationId: old.id, email: old.email, role: old.role, reason: "replaced" },
        actor: options.actor,
      });
    }
    const invitation = await tx.invitation.create({
      data: {
        organizationId: options.organizationId,
        email: input.email,
        role: input.role,
        tokenHash: hashSecretToken(token),
        invitedById: options.inviter.id,
        createdAt: now,
        expiresAt,
      },
    });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "member.invited",
      data: {
        invitationId: invitation.id,
        email: invitation.email,
        role: invitation.role,
        expiresAt: expiresAt.toISOString(),
      },
      actor: options.actor,
    });
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: options.organizationId },
      select: { name: true },
    });
    return { invitation, organizationName: organization.name };
  });

  const env = getEnv();
  const link = invitationUrl(env.publicBaseUrl, token);
  let mailed = true;
  try {
    await sendMail(
      invitationMail({
        to: invitation.email,
        organizationName,
        inviterName: options.inviter.name,
        role: ROLE_LABELS[invitation.role].toLowerCase(),
        link,
        expiresAt,
      }),
    );
  } catch (error) {
    // The invitation stands: the owner copies the link instead.
    if (!(error instanceof AppError)) throw error;
    mailed = false;
  }
  return {
    invitationId: invitation.id,
    email: invitation.email,
    link,
    mailed,
    delivery: env.mailProvider,
  };
}
