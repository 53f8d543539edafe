"use client";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import type { ActionResult } from "@/lib/actions/action-result";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function EditSubscriberForm({ action, locale }: { action: Action; locale: string }) {
  return (
    <ActionForm action={action} className="flex flex-wrap items-end gap-3">
      <SelectField
        name="locale"
        label="Language of texts"
        defaultValue={locale}
        options={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
      />
      <SubmitButton variant="secondary">Save</SubmitButton>
    </ActionForm>
  );
}

export function DeleteSubscriberForm({ action }: { action: Action }) {
  return (
    <ActionForm action={action} className="space-y-3">
      <TextField
        name="reason"
        label="Reason"
        hint="Kept with the evidence. The number is hidden and never texted again; the evidence stays."
        required
      />
      <SubmitButton variant="danger" pendingLabel="Deleting…">
        Delete subscriber
      </SubmitButton>
    </ActionForm>
  );
}
