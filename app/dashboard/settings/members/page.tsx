import type { Metadata } from "next";
import { InviteMemberForm } from "@/components/settings/invite-member-form";
import { RemoveMemberButton } from "@/components/settings/remove-member-button";
import { ActionForm, SelectField, SubmitButton } from "@/components/ui/action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { Role } from "@/lib/generated/prisma/enums";
import { listOpenInvitations } from "@/lib/invitations/find-invitation";
import { listMembers } from "@/lib/members/manage-members";
import {
  changeRoleAction,
  inviteMemberAction,
  removeMemberAction,
  revokeInvitationAction,
} from "./actions";

export const metadata: Metadata = { title: "Members" };

const ROLE_OPTIONS = Object.values(Role).map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export default async function MembersPage() {
  const { organizationId, userId } = await requireMembership("members:manage");
  const [members, invitations] = await Promise.all([
    listMembers({ organizationId }),
    listOpenInvitations({ organizationId }),
  ]);
  return (
    <>
      <PageHeader
        title="Members"
        description="Owners manage everything. Marketers run audiences, forms and subscribers. Compliance staff read evidence and export it, and change nothing. People join by accepting an invitation. Every change here is recorded in the audit log."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Current members" />
            <ul className="divide-y divide-slate-100">
              {members.map((member) => (
                <li
                  key={member.id}
                  className="flex flex-wrap items-end justify-between gap-3 px-5 py-3"
                  data-testid={`member-${member.user.email}`}
                >
                  <div>
                    <p className="text-sm font-medium text-slate-900">
                      {member.user.name}
                      {member.userId === userId ? " (you)" : ""}
                    </p>
                    <p className="text-xs text-slate-600">{member.user.email}</p>
                  </div>
                  <div className="flex flex-wrap items-end gap-2">
                    <ActionForm
                      action={changeRoleAction.bind(null, member.id)}
                      className="flex items-end gap-2"
                    >
                      <SelectField
                        name="role"
                        id={`role-${member.id}`}
                        label="Role"
                        defaultValue={member.role}
                        options={ROLE_OPTIONS}
                      />
                      <SubmitButton variant="secondary">Change</SubmitButton>
                    </ActionForm>
                    <RemoveMemberButton
                      action={removeMemberAction.bind(null, member.id)}
                      who={member.user.email}
                    />
                  </div>
                </li>
              ))}
            </ul>
          </Card>
          {invitations.length > 0 ? (
            <Card>
              <CardHeader title="Open invitations" />
              <ul className="divide-y divide-slate-100">
                {invitations.map((invitation) => (
                  <li
                    key={invitation.id}
                    className="flex flex-wrap items-center justify-between gap-3 px-5 py-3 text-sm"
                    data-testid={`invitation-${invitation.email}`}
                  >
                    <div>
                      <p className="font-medium text-slate-900">{invitation.email}</p>
                      <p className="text-xs text-slate-600">
                        {ROLE_LABELS[invitation.role]} · expires{" "}
                        <Timestamp value={invitation.expiresAt} withLocal={false} />
                      </p>
                    </div>
                    <ActionForm action={revokeInvitationAction.bind(null, invitation.id)}>
                      <SubmitButton variant="secondary" pendingLabel="Revoking…">
                        Revoke
                      </SubmitButton>
                    </ActionForm>
                  </li>
                ))}
              </ul>
            </Card>
          ) : null}
        </div>
        <Card>
          <CardHeader
            title="Invite a member"
            description="They get a link that works once, for 7 days, and join when they accept it (signing in, or creating their account)."
          />
          <CardBody>
            <InviteMemberForm action={inviteMemberAction} roles={ROLE_OPTIONS} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
