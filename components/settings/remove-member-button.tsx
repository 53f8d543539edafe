"use client";
// Removing a member asks first: they lose access to this organization at once and are signed
// out everywhere.
import { useEffect, useRef, useState } from "react";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function RemoveMemberButton({ action, who }: { action: Action; who: string }) {
  // null before any click; then the question takes focus, and Cancel gives it back.
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
    else if (confirming === false) removeRef.current?.focus();
  }, [confirming]);
  if (!confirming) {
    return (
      <Button ref={removeRef} variant="danger" onClick={() => setConfirming(true)}>
        Remove
      </Button>
    );
  }
  return (
    <ActionForm action={action} showSuccess={false} className="flex flex-wrap items-center gap-2">
      <p
        ref={questionRef}
        tabIndex={-1}
        role="alert"
        className="text-sm text-slate-800 outline-none"
      >
        Remove {who}? They lose access at once and are signed out.
      </p>
      <SubmitButton variant="danger" pendingLabel="Removing…">
        Yes, remove
      </SubmitButton>
      <Button variant="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </ActionForm>
  );
}
