"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { rememberOrganization } from "@/lib/auth/organization-cookie";
import { getSessionUserId } from "@/lib/auth/require-membership";
import { AppError, ErrorCode } from "@/lib/errors";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import {
  acceptInvitation,
  acceptInvitationWithNewAccount,
} from "@/lib/invitations/accept-invitation";

export async function acceptInvitationAction(
  token: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const userId = await getSessionUserId();
    if (!userId) throw new AppError(ErrorCode.UNAUTHORIZED, "Sign in to accept the invitation.");
    const { organizationId } = await acceptInvitation({
      token,
      userId,
      request: requestContextFromHeaders(await headers()),
    });
    await rememberOrganization(organizationId);
    return null;
  });
  if (result.ok) redirect("/dashboard");
  return result;
}

export async function acceptInvitationWithAccountAction(input: unknown) {
  return runAction(async () => {
    const { email } = await acceptInvitationWithNewAccount({
      input,
      request: requestContextFromHeaders(await headers()),
    });
    return { email };
  });
}
