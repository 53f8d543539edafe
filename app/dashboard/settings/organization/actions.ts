"use server";
import { revalidatePath } from "next/cache";
import { runAction } from "@/lib/actions/action-result";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { AppError } from "@/lib/errors";
import { setOrganizationBranding } from "@/lib/organizations/organization-branding";

/** Bound to the value the button sets: true shows the footer, false hides it. */
export async function setBrandingAction(showPoweredBy: unknown) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("organization:manage");
    if (typeof showPoweredBy !== "boolean") throw AppError.validation({}, "Choose on or off.");
    await setOrganizationBranding({
      organizationId: membership.organizationId,
      showPoweredBy,
      actor: await staffActor(membership),
    });
    return null;
  }, "Saved. Hosted forms show the change on their next view.");
  revalidatePath("/dashboard/settings/organization");
  return result;
}
