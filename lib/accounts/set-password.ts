// Password reset (emailed link) and password change (signed in, current password): both check
// the new password against the policy, store its hash, and end every session of the user at
// once, so whoever knew the old password is out.
import "server-only";
import { assertPasswordAllowed } from "@/lib/auth/password-policy";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { revokeUserSessions } from "@/lib/auth/sessions";
import { db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { ZChangePasswordSchema, ZResetPasswordSchema } from "@/lib/organizations/account-schemas";
import { consumeEmailLink, findEmailLink } from "./email-links";

export async function resetPassword(options: { input: unknown }): Promise<{ email: string }> {
  const input = parseInput(ZResetPasswordSchema, options.input);
  const link = await findEmailLink({ purpose: "password_reset", token: input.token });
  if (link) assertPasswordAllowed(input.password, link.email);
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const used = await consumeEmailLink(tx, { purpose: "password_reset", token: input.token });
    const user = await tx.user.update({
      where: { id: used.userId! },
      data: { passwordHash },
      select: { id: true, email: true },
    });
    // Other reset links mailed earlier die with this one.
    await tx.emailToken.updateMany({
      where: { userId: user.id, purpose: "password_reset", usedAt: null },
      data: { usedAt: new Date() },
    });
    await revokeUserSessions({ userId: user.id, db: tx });
    return { email: user.email };
  });
}

export async function changePassword(options: {
  userId: string;
  input: unknown;
}): Promise<{ email: string }> {
  const input = parseInput(ZChangePasswordSchema, options.input);
  const user = await db.user.findUniqueOrThrow({ where: { id: options.userId } });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw AppError.validation(
      { currentPassword: ["This is not your current password."] },
      "Your current password is not right.",
    );
  }
  assertPasswordAllowed(input.newPassword, user.email, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await revokeUserSessions({ userId: user.id, db: tx });
  });
  return { email: user.email };
}
