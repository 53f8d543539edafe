"use client";
import { ActionForm, SelectField, SubmitButton } from "@/components/ui/action-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
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
    <ConfirmAction
      action={action}
      label="Delete subscriber"
      question="Delete this subscriber? The number is hidden and never texted again; the evidence stays."
      confirmLabel="Yes, delete subscriber"
      pendingLabel="Deleting…"
      reason={{ label: "Reason", hint: "Kept with the evidence and in the audit log." }}
    />
  );
}
