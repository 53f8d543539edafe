"use client";
// A destructive action asks first, in the page (no window.confirm): the button opens a step
// that says what will happen, asks for a reason where the evidence keeps one, and submits
// only from its own "Yes, …" button. The question takes focus; Cancel gives it back.
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import type { ActionResult } from "@/lib/actions/action-result";
import { ActionForm, SubmitButton, TextField } from "./action-form";
import { Button } from "./button";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function ConfirmAction({
  action,
  label,
  question,
  confirmLabel,
  pendingLabel,
  reason,
  hidden = {},
  variant = "danger",
}: {
  action: Action;
  /** The button that opens the step. */
  label: string;
  /** What will happen, asked as a question. */
  question: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  /** Ask for a reason (sent as `reason`, kept with the evidence). */
  reason?: { label: string; hint: string };
  /** Fields sent along with the confirmation. */
  hidden?: Record<string, string>;
  variant?: "danger" | "secondary";
}) {
  // null before any click; then the question takes focus, and Cancel gives it back.
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const questionRef = useRef<HTMLParagraphElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
    else if (confirming === false) openRef.current?.focus();
  }, [confirming]);
  if (!confirming) {
    return (
      <Button ref={openRef} variant={variant} onClick={() => setConfirming(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div
      role="group"
      aria-labelledby={questionId}
      className="space-y-3 rounded-md border border-red-200 bg-red-50/50 p-3"
    >
      <p
        id={questionId}
        ref={questionRef}
        tabIndex={-1}
        className="text-sm font-medium text-slate-900 outline-none"
      >
        {question}
      </p>
      <ActionForm action={action} showSuccess={false} className="space-y-3">
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {reason ? (
          <TextField
            id={`${questionId}-reason`}
            name="reason"
            label={reason.label}
            hint={reason.hint}
            required
          />
        ) : null}
        <div className="flex flex-wrap gap-2">
          <SubmitButton variant="danger" pendingLabel={pendingLabel}>
            {confirmLabel}
          </SubmitButton>
          <Button variant="secondary" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      </ActionForm>
    </div>
  );
}
