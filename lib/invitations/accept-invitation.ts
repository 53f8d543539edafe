// The invitee accepts: signed in as the invited email, or by creating their account with it.
// The link works once (consumed in the same transaction as the membership it creates), and the
// acceptance is an event on the organization's chain with the invitee as its actor.
import "server-only";
import { userActor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { assertPasswordAllowed } from "@/lib/auth/password-policy";
import { hashPassword } from "@/lib/auth/password";
import { hashSecretToken, isWellFormedToken } from "@/lib/auth/secret-token";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Tx } from "@/lib/db/types";
import type { Role } from "@/lib/generated/prisma/enums";
import { AppError, ErrorCode, parseInput } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { ZAcceptInvitationWithAccountSchema } from "@/lib/organizations/account-schemas";
import { findInvitationByToken } from "./find-invitation";

function invalidInvitation(): AppError {
  return new AppError(
    ErrorCode.NOT_FOUND,
    "This invitation has expired, was revoked or was already used. Ask for a new one.",
  );
}

/** Marks the invitation accepted, or fails if it is not open any more (or was just taken). */
async function takeInvitation(tx: Tx, token: unknown, userId: string, now: Date) {
  if (!isWellFormedToken(token)) throw invalidInvitation();
  const tokenHash = hashSecretToken(token);
  const { count } = await tx.invitation.updateMany({
    where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now, acceptedById: userId },
  });
  if (count !== 1) throw invalidInvitation();
  return tx.invitation.findUniqueOrThrow({ where: { tokenHash } });
}

async function join(
  tx: Tx,
  options: {
    invitation: { id: string; organizationId: string; role: Role };
    user: { id: string; name: string; email: string };
    newAccount: boolean;
    request: RequestContext;
  },
) {
  const { invitation, user } = options;
  await tx.membership.create({
    data: { organizationId: invitation.organizationId, userId: user.id, role: invitation.role },
  });
  await recordEvent(tx, {
    organizationId: invitation.organizationId,
    type: "member.joined",
    data: {
      invitationId: invitation.id,
      userId: user.id,
      email: user.email,
      role: invitation.role,
      newAccount: options.newAccount,
    },
    actor: userActor(user, options.request),
  });
}

/** A signed-in user accepts an invitation made out to their email. */
export async function acceptInvitation(options: {
  token: unknown;
  userId: string;
  request: RequestContext;
  now?: Date;
}): Promise<{ organizationId: string }> {
  const now = options.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({
    where: { id: options.userId },
    select: { id: true, name: true, email: true },
  });
  const found = await findInvitationByToken({ token: options.token, now });
  if (!found || found.state !== "open") throw invalidInvitation();
  if (found.email !== user.email) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      `This invitation is for ${found.email}. Sign in with that email to accept it.`,
    );
  }
  const member = await db.membership.findFirst({
    where: { organizationId: found.organizationId, userId: user.id },
  });
  if (member)
    throw new AppError(ErrorCode.CONFLICT, "You are already a member of this organization.");
  return db.$transaction(async (tx) => {
    const invitation = await takeInvitation(tx, options.token, user.id, now);
    await join(tx, { invitation, user, newAccount: false, request: options.request });
    return { organizationId: invitation.organizationId };
  });
}

/** Someone without an account accepts by creating one with the invited email. */
export async function acceptInvitationWithNewAccount(options: {
  input: unknown;
  request: RequestContext;
  now?: Date;
}): Promise<{ organizationId: string; email: string }> {
  const input = parseInput(ZAcceptInvitationWithAccountSchema, options.input);
  const now = options.now ?? new Date();
  const found = await findInvitationByToken({ token: input.token, now });
  if (!found || found.state !== "open") throw invalidInvitation();
  assertPasswordAllowed(input.password, found.email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: found.email, name: input.name, passwordHash },
        select: { id: true, name: true, email: true },
      });
      const invitation = await takeInvitation(tx, input.token, user.id, now);
      await join(tx, { invitation, user, newAccount: true, request: options.request });
      return { organizationId: invitation.organizationId, email: user.email };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw AppError.validation(
        { name: ["An optline account already uses this email: sign in to accept instead."] },
        "An optline account already uses this email: sign in to accept instead.",
      );
    }
    throw error;
  }
}
