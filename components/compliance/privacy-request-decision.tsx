"use client";
// Approving an erasure cannot be undone; rejecting one leaves the person's data in place.
// Both ask first and keep the reason with the request and in the audit log.
import { ConfirmAction } from "@/components/ui/confirm-action";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function PrivacyRequestDecision({ approve, reject }: { approve: Action; reject: Action }) {
  return (
    <div className="flex flex-wrap items-start gap-2">
      <ConfirmAction
        action={approve}
        label="Approve erasure"
        question="Erase this person’s data now? Their number, texts, IP addresses and browsers are removed from every list and from the evidence, and the number is kept only as a hash so that it is never added again. This cannot be undone."
        confirmLabel="Yes, erase"
        pendingLabel="Erasing…"
        reason={{
          label: "Note",
          hint: "How you checked the request, kept with it and in the audit log.",
        }}
      />
      <ConfirmAction
        action={reject}
        label="Reject"
        variant="secondary"
        question="Reject this erasure request? The person’s data stays as it is."
        confirmLabel="Yes, reject"
        pendingLabel="Rejecting…"
        reason={{
          label: "Reason",
          hint: "Why it is rejected (for example a legal hold), kept with the request.",
        }}
      />
    </div>
  );
}
