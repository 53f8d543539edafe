"use server";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { rememberOrganization } from "@/lib/auth/organization-cookie";
import { getSessionUserId } from "@/lib/auth/require-membership";
import { AppError, ErrorCode } from "@/lib/errors";
import { createOrganization } from "@/lib/organizations/create-organization";

export async function createOrganizationAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const userId = await getSessionUserId();
    if (!userId)
      throw new AppError(ErrorCode.UNAUTHORIZED, "Your session has ended. Sign in again.");
    const organization = await createOrganization({
      userId,
      input: { organizationName: formText(formData, "organizationName") },
    });
    await rememberOrganization(organization.id);
    return null;
  });
  if (result.ok) redirect("/dashboard");
  return result;
}
