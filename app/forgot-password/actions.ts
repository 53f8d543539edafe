"use server";
import { headers } from "next/headers";
import { limitMailRequests } from "@/lib/accounts/limit-mail-requests";
import { requestPasswordReset } from "@/lib/accounts/request-password-reset";
import { resetPassword } from "@/lib/accounts/set-password";
import { runAction } from "@/lib/actions/action-result";

export async function requestPasswordResetAction(input: unknown) {
  return runAction(async () => {
    await limitMailRequests({ kind: "password_reset", input, headers: await headers() });
    const { email } = await requestPasswordReset({ input });
    return {
      email,
      message: `If an optline account uses ${email}, we sent it a link to choose a new password. It works for 1 hour.`,
    };
  });
}

export async function resetPasswordAction(input: unknown) {
  return runAction(async () => resetPassword({ input }));
}
