// Members of an organization and their roles. People join by accepting an invitation
// (lib/invitations). Every change is an event on the organization's chain, with the owner who
// made it. An organization always keeps at least one owner.
import "server-only";
import { z } from "zod";
import { revokeUserSessions } from "@/lib/auth/sessions";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import { AppError, ErrorCode, parseInput } from "@/lib/errors";
import { Role } from "@/lib/generated/prisma/enums";

export async function listMembers(options: { organizationId: string }) {
  return db.membership.findMany({
    where: { organizationId: options.organizationId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
}

export async function changeMemberRole(options: {
  organizationId: string;
  membershipId: string;
  role: string;
  actor: Actor;
}) {
  const role = parseInput(z.enum(Role), options.role);
  await db.$transaction(async (tx) => {
    const membership = await findMembership(tx, options.organizationId, options.membershipId);
    if (membership.role === role) return;
    if (membership.role === "OWNER")
      await assertAnotherOwner(tx, options.organizationId, membership.id);
    await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "member.role_changed",
      data: {
        userId: membership.userId,
        email: membership.user.email,
        from: membership.role,
        to: role,
      },
      actor: options.actor,
    });
  });
}

export async function removeMember(options: {
  organizationId: string;
  membershipId: string;
  actor: Actor;
}) {
  await db.$transaction(async (tx) => {
    const membership = await findMembership(tx, options.organizationId, options.membershipId);
    if (membership.role === "OWNER")
      await assertAnotherOwner(tx, options.organizationId, membership.id);
    await tx.membership.delete({ where: { id: membership.id } });
    // Their open sessions end now, not when the cookie expires.
    await revokeUserSessions({ userId: membership.userId, db: tx });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "member.removed",
      data: { userId: membership.userId, email: membership.user.email, role: membership.role },
      actor: options.actor,
    });
  });
}

async function findMembership(tx: Tx, organizationId: string, membershipId: string) {
  const membership = await tx.membership.findFirst({
    where: { id: membershipId, organizationId },
    include: { user: { select: { email: true } } },
  });
  if (!membership) throw AppError.notFound("Member");
  // Serialize role changes, so two owners cannot demote each other at the same time.
  await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
  return membership;
}

async function assertAnotherOwner(tx: Tx, organizationId: string, exceptMembershipId: string) {
  const owners = await tx.membership.count({
    where: { organizationId, role: "OWNER", id: { not: exceptMembershipId } },
  });
  if (owners === 0)
    throw new AppError(ErrorCode.CONFLICT, "An organization needs at least one owner.");
}
