"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { updatePrivacySettings } from "@/lib/privacy/update-privacy-settings";

export async function updatePrivacySettingsAction(
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("privacy:settings");
    return updatePrivacySettings({
      organizationId: membership.organizationId,
      actor: await staffActor(membership),
      input: {
        erasureNeedsApproval: formText(formData, "erasureNeedsApproval"),
        pendingRetentionDays: formText(formData, "pendingRetentionDays"),
      },
    });
  }, "Privacy settings saved.");
  revalidatePath("/dashboard/settings/privacy");
  return result;
}
