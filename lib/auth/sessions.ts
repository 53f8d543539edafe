// Signed-in sessions, kept in the database so they can end at once. The session cookie (a
// next-auth JWT) carries a random token; its SHA-256 is a UserSession row. Every request checks
// the row (lib/auth/auth-options.ts, jwt callback), so sign-out, a password change, a password
// reset and removal from an organization take effect on the very next request.
import "server-only";
import { db } from "@/lib/db/client";
import type { DbClient } from "@/lib/db/types";
import { hashSecretToken, newSecretToken } from "./secret-token";

/** A session lasts 12 hours from sign-in, however busy it is. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

export async function createUserSession(options: {
  userId: string;
  ip?: string | null;
  userAgent?: string | null;
  now?: Date;
}): Promise<{ token: string; expiresAt: Date }> {
  const now = options.now ?? new Date();
  const token = newSecretToken();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000);
  await db.$transaction([
    // Keep the table small: a user's long-dead sessions go when they sign in again.
    db.userSession.deleteMany({
      where: { userId: options.userId, expiresAt: { lt: new Date(now.getTime() - 86_400_000) } },
    }),
    db.userSession.create({
      data: {
        userId: options.userId,
        tokenHash: hashSecretToken(token),
        ip: options.ip ?? null,
        userAgent: options.userAgent?.slice(0, 512) ?? null,
        createdAt: now,
        expiresAt,
      },
    }),
  ]);
  return { token, expiresAt };
}

/** True while the session behind `token` belongs to `userId`, is not revoked and not expired. */
export async function isUserSessionActive(options: {
  userId: string;
  token: string;
  now?: Date;
}): Promise<boolean> {
  const session = await db.userSession.findUnique({
    where: { tokenHash: hashSecretToken(options.token) },
    select: { userId: true, expiresAt: true, revokedAt: true },
  });
  return (
    session !== null &&
    session.userId === options.userId &&
    session.revokedAt === null &&
    session.expiresAt > (options.now ?? new Date())
  );
}

/** Sign-out: ends one session. */
export async function revokeUserSession(options: { token: string }): Promise<void> {
  await db.userSession.updateMany({
    where: { tokenHash: hashSecretToken(options.token), revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** Ends every session of a user (password change or reset, removal from an organization). */
export async function revokeUserSessions(options: {
  userId: string;
  db?: DbClient;
}): Promise<number> {
  const { count } = await (options.db ?? db).userSession.updateMany({
    where: { userId: options.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}
