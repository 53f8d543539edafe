// Single-use links sent by mail (finish sign-up, reset a password): a random token in the link,
// its SHA-256 in EmailToken. A link works once, until it expires; asking again makes a new one.
import "server-only";
import { hashSecretToken, isWellFormedToken, newSecretToken } from "@/lib/auth/secret-token";
import { db } from "@/lib/db/client";
import type { DbClient } from "@/lib/db/types";
import { AppError, ErrorCode } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";

export type EmailLinkPurpose = "signup" | "password_reset";

export const EMAIL_LINK_TTL_MS: Record<EmailLinkPurpose, number> = {
  signup: 24 * 60 * 60 * 1000,
  password_reset: 60 * 60 * 1000,
};

const LINK_PATH: Record<EmailLinkPurpose, string> = {
  signup: "/signup/confirm",
  password_reset: "/reset-password",
};

export function emailLinkUrl(baseUrl: string, purpose: EmailLinkPurpose, token: string): string {
  return `${baseUrl}${LINK_PATH[purpose]}?${new URLSearchParams({ token })}`;
}

export async function issueEmailLink(options: {
  purpose: EmailLinkPurpose;
  email: string;
  userId?: string;
  data?: Prisma.InputJsonObject;
  now?: Date;
  db?: DbClient;
}): Promise<string> {
  const now = options.now ?? new Date();
  const token = newSecretToken();
  await (options.db ?? db).emailToken.create({
    data: {
      purpose: options.purpose,
      email: options.email,
      userId: options.userId ?? null,
      tokenHash: hashSecretToken(token),
      data: options.data ?? {},
      createdAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_LINK_TTL_MS[options.purpose]),
    },
  });
  return token;
}

export function invalidEmailLink(): AppError {
  return new AppError(
    ErrorCode.NOT_FOUND,
    "This link has expired or was already used. Ask for a new one.",
  );
}

/** The live link behind `token` (for showing its page), or null. Changes nothing. */
export async function findEmailLink(options: {
  purpose: EmailLinkPurpose;
  token: unknown;
  now?: Date;
}) {
  if (!isWellFormedToken(options.token)) return null;
  const row = await db.emailToken.findUnique({
    where: { tokenHash: hashSecretToken(options.token) },
  });
  const now = options.now ?? new Date();
  if (!row || row.purpose !== options.purpose || row.usedAt || row.expiresAt <= now) return null;
  return row;
}

/** Marks the link used, inside the caller's transaction; a second use (or a race) fails. */
export async function consumeEmailLink(
  tx: DbClient,
  options: { purpose: EmailLinkPurpose; token: unknown; now?: Date },
) {
  const now = options.now ?? new Date();
  if (!isWellFormedToken(options.token)) throw invalidEmailLink();
  const tokenHash = hashSecretToken(options.token);
  const { count } = await tx.emailToken.updateMany({
    where: { tokenHash, purpose: options.purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) throw invalidEmailLink();
  return tx.emailToken.findUniqueOrThrow({ where: { tokenHash } });
}
