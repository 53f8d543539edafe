"use client";
// Invite a member: the invitation link is shown once, to copy, whether or not it was mailed.
import {
  ActionForm,
  SelectField,
  SubmitButton,
  TextField,
  useActionResult,
} from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions/action-result";

type Invited = { email: string; link: string; mailed: boolean; delivery: "dev" | "smtp" };
type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export function InviteMemberForm({
  action,
  roles,
}: {
  action: Action;
  roles: { value: string; label: string }[];
}) {
  return (
    <ActionForm action={action} className="space-y-4" showSuccess={false} resetOnSuccess>
      <InvitationLink />
      <TextField id="invite-email" name="email" label="Email" type="email" autoComplete="off" />
      <SelectField
        id="new-member-role"
        name="role"
        label="Role"
        defaultValue="MARKETER"
        options={roles}
      />
      <SubmitButton pendingLabel="Inviting…">Invite</SubmitButton>
    </ActionForm>
  );
}

function InvitationLink() {
  const result = useActionResult();
  const invited = result.ok && result.data ? (result.data as Invited) : null;
  if (!invited) return null;
  return (
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
  );
}
