"use client";
// Removing a member asks first: they lose access to this organization at once and are signed
// out everywhere.
import { ConfirmAction } from "@/components/ui/confirm-action";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function RemoveMemberButton({ action, who }: { action: Action; who: string }) {
  return (
    <ConfirmAction
      action={action}
      label="Remove"
      question={`Remove ${who}? They lose access at once and are signed out.`}
      confirmLabel="Yes, remove"
      pendingLabel="Removing…"
    />
  );
}
