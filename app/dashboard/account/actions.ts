"use server";
import { changePassword } from "@/lib/accounts/set-password";
import { runAction } from "@/lib/actions/action-result";
import { requireActionMembership } from "@/lib/auth/require-membership";

/** Every session of the user ends, this one included; the form signs in again at once. */
export async function changePasswordAction(input: unknown) {
  return runAction(async () => {
    const { userId } = await requireActionMembership();
    return changePassword({ userId, input });
  });
}
