// The one gate in front of every dashboard page and action: who is signed in, which
// organization they are working in (a cookie, checked against their memberships on every
// request), and whether their role allows what they ask.
import "server-only";
import { getServerSession } from "next-auth";
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import { authOptions } from "./auth-options";
import { can, type Permission } from "./permissions";
import { currentRequestPath } from "./request-path";
import { loginPath } from "./return-path";

export const ORGANIZATION_COOKIE = "optline_org";

/** The signed-in user's id, or null (no session, or one that was revoked or has expired). */
export async function getSessionUserId(): Promise<string | null> {
  const session = await getServerSession(authOptions);
  return session?.user?.id ?? null;
}

/** The signed-in user, organizations or not (invitation and welcome pages). */
export async function getSignedInUser() {
  const userId = await getSessionUserId();
  if (!userId) return null;
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, email: true },
  });
}

export async function getMembership() {
  const userId = await getSessionUserId();
  if (!userId) return null;
  const memberships = await db.membership.findMany({
    where: { userId },
    include: { organization: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  if (memberships.length === 0) return null;
  const chosen = (await cookies()).get(ORGANIZATION_COOKIE)?.value;
  const membership = memberships.find((m) => m.organizationId === chosen) ?? memberships[0]!;
  return {
    userId,
    user: membership.user,
    organizationId: membership.organizationId,
    organization: membership.organization,
    role: membership.role,
    memberships,
  };
}

export type CurrentMembership = NonNullable<Awaited<ReturnType<typeof getMembership>>>;

/**
 * For pages: redirects to sign-in (and back to this page afterwards), and answers 404 to a
 * role that may not see the page.
 */
export async function requireMembership(permission?: Permission): Promise<CurrentMembership> {
  const membership = await getMembership();
  if (!membership) {
    // Signed in but in no organization (removed from the last one): they can start one.
    if (await getSessionUserId()) redirect("/welcome");
    redirect(loginPath(await currentRequestPath()));
  }
  if (permission && !can(membership.role, permission)) notFound();
  return membership;
}

/** For server actions: throws an AppError instead of redirecting. */
export async function requireActionMembership(permission?: Permission): Promise<CurrentMembership> {
  const membership = await getMembership();
  if (!membership)
    throw new AppError(ErrorCode.UNAUTHORIZED, "Your session has ended. Sign in again.");
  if (permission && !can(membership.role, permission)) {
    throw new AppError(ErrorCode.FORBIDDEN, "Your role does not allow this.");
  }
  return membership;
}
