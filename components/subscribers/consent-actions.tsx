"use client";
// Buttons on the subscriber page that turn one consent off or on. Each purpose is its own
// form, so 2FA and marketing can never be changed together by mistake.
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function ConsentToggle({
  action,
  purpose,
  active,
}: {
  action: Action;
  purpose: "verification" | "marketing";
  active: boolean;
}) {
  const label =
    purpose === "verification"
      ? active
        ? "Turn off verification codes (2FA)"
        : "Turn on verification codes (2FA)"
      : active
        ? "Withdraw marketing consent"
        : "Record marketing consent (sends a “Reply YES” text)";
  return (
    <ActionForm action={action} className="mt-4">
      <input type="hidden" name="purpose" value={purpose} />
      <input type="hidden" name="action" value={active ? "revoke" : "grant"} />
      <SubmitButton variant={active ? "danger" : "secondary"} pendingLabel="Saving…">
        {label}
      </SubmitButton>
    </ActionForm>
  );
}
