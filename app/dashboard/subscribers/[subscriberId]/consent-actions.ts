"use server";
// Staff turn one consent off or on from the subscriber page; the other is never touched.
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { isRecordId, parseRecordId } from "@/lib/http/record-id";
import { changeConsent } from "@/lib/verification/change-consent";

export async function changeConsentAction(
  subscriberId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("subscribers:write");
    const change = await changeConsent({
      organizationId: membership.organizationId,
      subscriberId: parseRecordId(subscriberId, "Subscriber"),
      input: {
        purpose: formText(formData, "purpose"),
        action: formText(formData, "action"),
        reason: formText(formData, "reason") || undefined,
      },
      method: "staff",
      actor: await staffActor(membership),
    });
    return change;
  });
  if (isRecordId(subscriberId)) revalidatePath(`/dashboard/subscribers/${subscriberId}`);
  if (!result.ok) return result;
  return {
    ...result,
    message: result.data.changed ? "Recorded in the timeline." : "Nothing to change.",
  };
}
