"use server";
import { headers } from "next/headers";
import { completeSignUp } from "@/lib/accounts/complete-sign-up";
import { requestSignUp } from "@/lib/accounts/request-sign-up";
import { runAction } from "@/lib/actions/action-result";
import { limitMailRequests } from "@/lib/accounts/limit-mail-requests";

export async function signUpAction(input: unknown) {
  return runAction(async () => {
    await limitMailRequests({ kind: "signup", input, headers: await headers() });
    const { email } = await requestSignUp({ input });
    return {
      email,
      message: `We sent a link to ${email}. Open it within 24 hours to finish creating your account.`,
    };
  });
}

export async function completeSignUpAction(input: unknown) {
  return runAction(async () => {
    const { user } = await completeSignUp({ input });
    return { email: user.email };
  });
}
