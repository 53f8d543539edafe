"use client";
// Invite a member: the invitation link is shown once, to copy, whether or not it was mailed.
import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { describedBy, Field, Input, Select } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { IDLE } from "@/lib/actions/idle-result";

type Invited = { email: string; link: string; mailed: boolean; delivery: "dev" | "smtp" };
type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function InviteMemberForm({
  action,
  roles,
}: {
  action: Action;
  roles: { value: string; label: string }[];
}) {
  const [result, formAction, pending] = useActionState(action, IDLE);
  const formRef = useRef<HTMLFormElement>(null);
  const invited = result.ok && result.data ? (result.data as Invited) : null;
  const emailError = result.ok ? undefined : result.fields?.email?.[0];
  const roleError = result.ok ? undefined : result.fields?.role?.[0];
  useEffect(() => {
    if (invited) formRef.current?.reset();
    else if (emailError) formRef.current?.querySelector<HTMLInputElement>("#invite-email")?.focus();
  }, [invited, emailError]);
  return (
    <form ref={formRef} action={formAction} className="space-y-4" noValidate>
      {!result.ok ? <Alert tone="error">{result.message}</Alert> : null}
      {invited ? (
        <Alert tone={invited.mailed ? "success" : "warning"}>
          <p className="font-medium">
            {!invited.mailed
              ? `Invitation created for ${invited.email}, but the email could not be sent. Send them this link yourself.`
              : invited.delivery === "dev"
                ? `Invitation for ${invited.email} is in the dev mailbox (no mail leaves this machine).`
                : `Invitation sent to ${invited.email}.`}
          </p>
          <p className="mt-1 text-xs">The link works once, for 7 days. It is shown only now.</p>
          <div className="mt-2 flex items-center gap-2">
            <code
              className="break-all rounded bg-white px-2 py-1 font-mono text-xs text-slate-900"
              data-testid="invitation-link"
            >
              {invited.link}
            </code>
            <CopyButton text={invited.link} label="Copy link" />
          </div>
        </Alert>
      ) : null}
      <Field id="invite-email" label="Email" error={emailError}>
        <Input
          id="invite-email"
          name="email"
          type="email"
          required
          autoComplete="off"
          aria-invalid={emailError ? true : undefined}
          aria-describedby={describedBy("invite-email", undefined, emailError)}
        />
      </Field>
      <Field id="new-member-role" label="Role" error={roleError}>
        <Select id="new-member-role" name="role" defaultValue="MARKETER">
          {roles.map((role) => (
            <option key={role.value} value={role.value}>
              {role.label}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Inviting…" : "Invite"}
      </Button>
    </form>
  );
}
