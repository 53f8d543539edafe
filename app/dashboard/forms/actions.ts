"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { isRecordId, parseRecordId } from "@/lib/http/record-id";
import { createForm } from "@/lib/forms/create-form";
import { publishForm } from "@/lib/forms/publish-form";
import { saveFormDraft } from "@/lib/forms/save-form-draft";
import { updateFormSettings } from "@/lib/forms/update-form-settings";
import { addFormKeyword, removeFormKeyword } from "@/lib/keywords/manage-form-keywords";

export async function createFormAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("forms:write");
    return createForm({
      organizationId: membership.organizationId,
      input: Object.fromEntries(formData),
      actor: await staffActor(membership),
    });
  });
  if (result.ok) redirect(`/dashboard/forms/${result.data.id}`);
  return result;
}

export async function saveFormDraftAction(formId: unknown, content: unknown) {
  const result = await runAction(async () => {
    const { organizationId } = await requireActionMembership("forms:write");
    return saveFormDraft({ organizationId, formId: parseRecordId(formId, "Form"), input: content });
  }, "Draft saved.");
  if (isRecordId(formId)) revalidatePath(`/dashboard/forms/${formId}`);
  return result;
}

export async function publishFormAction(formId: unknown, content: unknown) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("forms:write");
    const { organizationId, userId } = membership;
    const id = parseRecordId(formId, "Form");
    await saveFormDraft({ organizationId, formId: id, input: content });
    const version = await publishForm({
      organizationId,
      formId: id,
      userId,
      actor: await staffActor(membership),
    });
    return { version: version.version, warnings: version.warnings };
  });
  if (isRecordId(formId)) revalidatePath(`/dashboard/forms/${formId}`);
  return result.ok ? { ...result, message: `Published version ${result.data.version}.` } : result;
}

export async function updateFormSettingsAction(
  formId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("forms:write");
    const allowedOrigins = formText(formData, "allowedOrigins")
      .split(/[\s,]+/)
      .filter(Boolean);
    await updateFormSettings({
      organizationId: membership.organizationId,
      formId: parseRecordId(formId, "Form"),
      input: { name: formData.get("name"), slug: formData.get("slug"), allowedOrigins },
      actor: await staffActor(membership),
    });
    return null;
  }, "Settings saved.");
  if (isRecordId(formId)) revalidatePath(`/dashboard/forms/${formId}`);
  return result;
}

export async function addFormKeywordAction(
  formId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("forms:write");
    const keyword = await addFormKeyword({
      organizationId: membership.organizationId,
      formId: parseRecordId(formId, "Form"),
      input: { keyword: formText(formData, "keyword") },
      actor: await staffActor(membership),
    });
    return { keyword: keyword.keyword };
  });
  if (isRecordId(formId)) revalidatePath(`/dashboard/forms/${formId}`);
  return result.ok ? { ...result, message: `Keyword ${result.data.keyword} added.` } : result;
}

export async function removeFormKeywordAction(
  formId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("forms:write");
    await removeFormKeyword({
      organizationId: membership.organizationId,
      formId: parseRecordId(formId, "Form"),
      keywordId: parseRecordId(formData.get("keywordId"), "Keyword"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Keyword removed.");
  if (isRecordId(formId)) revalidatePath(`/dashboard/forms/${formId}`);
  return result;
}
