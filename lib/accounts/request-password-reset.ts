// "Forgot your password?": mails a reset link to an address that has an account, and a short
// "no account uses this email" note to one that does not, so the answer and its timing are the
// same for both and the form tells nobody which emails have accounts.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { parseInput } from "@/lib/errors";
import { noAccountMail, passwordResetMail } from "@/lib/mail/account-mails";
import { sendMail } from "@/lib/mail/send-mail";
import { ZPasswordResetRequestSchema } from "@/lib/organizations/account-schemas";
import { emailLinkUrl, issueEmailLink } from "./email-links";

export async function requestPasswordReset(options: {
  input: unknown;
}): Promise<{ email: string }> {
  const { email } = parseInput(ZPasswordResetRequestSchema, options.input);
  const base = getEnv().publicBaseUrl;
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (user) {
    const token = await issueEmailLink({ purpose: "password_reset", email, userId: user.id });
    await sendMail(
      passwordResetMail({ to: email, link: emailLinkUrl(base, "password_reset", token) }),
    );
  } else {
    await sendMail(noAccountMail({ to: email, signUpUrl: `${base}/signup` }));
  }
  return { email };
}
