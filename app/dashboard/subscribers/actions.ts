"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { AppError } from "@/lib/errors";
import { isRecordId, parseRecordId } from "@/lib/http/record-id";
import { addSubscriber } from "@/lib/subscribers/add-subscriber";
import { importSubscribers } from "@/lib/subscribers/import-subscribers";
import { deleteSubscriber, updateSubscriber } from "@/lib/subscribers/update-subscriber";

const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

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

export async function importSubscribersAction(_state: ActionResult<unknown>, formData: FormData) {
  return runAction(async () => {
    const membership = await requireActionMembership("subscribers:write");
    const file = formData.get("file");
    const csv =
      file instanceof File && file.size > 0 ? await file.text() : formText(formData, "csv");
    if (csv.length > IMPORT_MAX_BYTES)
      throw AppError.validation({ csv: ["The file is larger than 2 MB; split it"] });
    const result = await importSubscribers({
      organizationId: membership.organizationId,
      audienceId: formText(formData, "audienceId"),
      defaultCountry: formText(formData, "country") || "US",
      csv,
      actor: await staffActor(membership),
    });
    revalidatePath("/dashboard/subscribers");
    return result;
  }).then((result) =>
    result.ok
      ? {
          ...result,
          message: `Imported ${result.data.imported}; skipped ${result.data.skipped} already in the audience. Import ${result.data.importId}.`,
        }
      : result,
  );
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
