"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { createAudience } from "@/lib/audiences/create-audience";
import { updateAudience } from "@/lib/audiences/update-audience";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { isRecordId, parseRecordId } from "@/lib/http/record-id";

const audienceInput = (formData: FormData) => ({
  name: formText(formData, "name"),
  description: formText(formData, "description"),
});

export async function createAudienceAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("audiences:write");
    return createAudience({
      organizationId: membership.organizationId,
      input: audienceInput(formData),
      actor: await staffActor(membership),
    });
  });
  if (result.ok) redirect(`/dashboard/audiences/${result.data.id}`);
  return result;
}

export async function updateAudienceAction(
  audienceId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("audiences:write");
    await updateAudience({
      organizationId: membership.organizationId,
      audienceId: parseRecordId(audienceId, "Audience"),
      input: audienceInput(formData),
      actor: await staffActor(membership),
    });
    return null;
  }, "Saved.");
  if (isRecordId(audienceId)) revalidatePath(`/dashboard/audiences/${audienceId}`);
  return result;
}
