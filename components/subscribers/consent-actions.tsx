"use client";
// Buttons on the subscriber page that turn one consent off or on. Each purpose is its own
// form, so 2FA and marketing can never be changed together by mistake. Turning one off asks
// first, with a reason that is kept in the evidence.
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

const REASON = {
  label: "Reason",
  hint: "Kept with the evidence, e.g. “Asked by phone on 3 March”.",
};

export function ConsentToggle({
  action,
  purpose,
  active,
}: {
  action: Action;
  purpose: "verification" | "marketing";
  active: boolean;
}) {
  if (active) {
    const marketing = purpose === "marketing";
    return (
      <div className="mt-4">
        <ConfirmAction
          action={action}
          hidden={{ purpose, action: "revoke" }}
          label={marketing ? "Withdraw marketing consent" : "Turn off verification codes (2FA)"}
          question={
            marketing
              ? "Withdraw marketing consent? Queued marketing texts are canceled and no more are sent until the person opts in again."
              : "Turn off verification codes? Codes are no longer sent to this number until it verifies again."
          }
          confirmLabel={marketing ? "Yes, withdraw" : "Yes, turn off"}
          pendingLabel="Saving…"
          reason={REASON}
        />
      </div>
    );
  }
  return (
    <ActionForm action={action} className="mt-4">
      <input type="hidden" name="purpose" value={purpose} />
      <input type="hidden" name="action" value="grant" />
      <SubmitButton variant="secondary" pendingLabel="Saving…">
        {purpose === "verification"
          ? "Turn on verification codes (2FA)"
          : "Record marketing consent (sends a “Reply YES” text)"}
      </SubmitButton>
    </ActionForm>
  );
}
