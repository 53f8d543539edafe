"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { isRecordId, parseRecordId } from "@/lib/http/record-id";
import { addSubscriber } from "@/lib/subscribers/add-subscriber";
import { deleteSubscriber, updateSubscriber } from "@/lib/subscribers/update-subscriber";

export async function addSubscriberAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("subscribers:write");
    return addSubscriber({
      organizationId: membership.organizationId,
      actor: await staffActor(membership),
      input: Object.fromEntries(
        ["audienceId", "phone", "country", "locale", "originalConsentAt", "evidence", "source"].map(
          (name) => [name, formText(formData, name)],
        ),
      ),
    });
  });
  if (result.ok) redirect(`/dashboard/subscribers/${result.data.id}`);
  return result;
}

export async function updateSubscriberAction(
  subscriberId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("subscribers:write");
    await updateSubscriber({
      organizationId: membership.organizationId,
      subscriberId: parseRecordId(subscriberId, "Subscriber"),
      actor: await staffActor(membership),
      input: { locale: formText(formData, "locale") },
    });
    return null;
  }, "Saved.");
  if (isRecordId(subscriberId)) revalidatePath(`/dashboard/subscribers/${subscriberId}`);
  return result;
}

export async function deleteSubscriberAction(
  subscriberId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("subscribers:delete");
    await deleteSubscriber({
      organizationId: membership.organizationId,
      subscriberId: parseRecordId(subscriberId, "Subscriber"),
      actor: await staffActor(membership),
      input: { reason: formText(formData, "reason") },
    });
    return null;
  });
  if (result.ok) redirect("/dashboard/subscribers");
  return result;
}
