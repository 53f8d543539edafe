"use client";
// A button for something that cannot be undone: it asks first. The question takes focus,
// and Cancel gives focus back to the button.
import { useEffect, useRef, useState } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionForm, SubmitButton } from "./action-form";
import { Button } from "./button";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function ConfirmActionButton({
  action,
  label,
  question,
  confirmLabel,
  pendingLabel,
}: {
  action: Action;
  label: string;
  question: string;
  confirmLabel: string;
  pendingLabel: string;
}) {
  // null before any click; then the question takes focus, and Cancel gives it back.
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
    else if (confirming === false) buttonRef.current?.focus();
  }, [confirming]);
  if (!confirming) {
    return (
      <Button ref={buttonRef} variant="danger" onClick={() => setConfirming(true)}>
        {label}
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
        {question}
      </p>
      <SubmitButton variant="danger" pendingLabel={pendingLabel}>
        {confirmLabel}
      </SubmitButton>
      <Button variant="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </Button>
    </ActionForm>
  );
}
