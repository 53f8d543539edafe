// Step 2 of sign-up: the emailed link, with the password chosen in step 1 (so whoever holds
// the link alone cannot finish someone else's sign-up), creates the user, the organization and
// the owner membership. The link works once.
import "server-only";
import { z } from "zod";
import { verifyPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { ZCompleteSignUpSchema } from "@/lib/organizations/account-schemas";
import { insertAccount } from "@/lib/organizations/create-account";
import { consumeEmailLink, findEmailLink, invalidEmailLink } from "./email-links";

const ZSignUpLinkData = z.object({
  name: z.string(),
  organizationName: z.string(),
  passwordHash: z.string(),
});

export async function completeSignUp(options: { input: unknown }) {
  const input = parseInput(ZCompleteSignUpSchema, options.input);
  const link = await findEmailLink({ purpose: "signup", token: input.token });
  if (!link) throw invalidEmailLink();
  const data = ZSignUpLinkData.parse(link.data);
  if (!(await verifyPassword(input.password, data.passwordHash))) {
    throw AppError.validation(
      { password: ["This is not the password you chose when you signed up."] },
      "Wrong password.",
    );
  }
  await consumeEmailLink(db, { purpose: "signup", token: input.token });
  return insertAccount({
    email: link.email,
    name: data.name,
    organizationName: data.organizationName,
    passwordHash: data.passwordHash,
  });
}
