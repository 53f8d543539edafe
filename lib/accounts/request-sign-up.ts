// Step 1 of sign-up: check the form, then mail the address. A new address gets a link that
// finishes the account; an address that already has an account gets "you already have one".
// The answer, the work done (one password hash, one mail) and so the timing are the same
// either way: the sign-up form never tells whether an email has an account.
import "server-only";
import { assertPasswordAllowed } from "@/lib/auth/password-policy";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { parseInput } from "@/lib/errors";
import { accountExistsMail, signUpLinkMail } from "@/lib/mail/account-mails";
import { sendMail } from "@/lib/mail/send-mail";
import { ZSignUpSchema } from "@/lib/organizations/account-schemas";
import { emailLinkUrl, issueEmailLink } from "./email-links";

export async function requestSignUp(options: { input: unknown }): Promise<{ email: string }> {
  const account = parseInput(ZSignUpSchema, options.input);
  assertPasswordAllowed(account.password, account.email);
  const passwordHash = await hashPassword(account.password);
  const base = getEnv().publicBaseUrl;
  const existing = await db.user.findUnique({ where: { email: account.email } });
  if (existing) {
    await sendMail(
      accountExistsMail({
        to: account.email,
        loginUrl: `${base}/login`,
        resetUrl: `${base}/forgot-password`,
      }),
    );
  } else {
    const token = await issueEmailLink({
      purpose: "signup",
      email: account.email,
      data: { name: account.name, organizationName: account.organizationName, passwordHash },
    });
    await sendMail(
      signUpLinkMail({ to: account.email, link: emailLinkUrl(base, "signup", token) }),
    );
  }
  return { email: account.email };
}
