import type { Metadata } from "next";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { Role } from "@/lib/generated/prisma/enums";
import { listMembers } from "@/lib/members/manage-members";
import { addMemberAction, changeRoleAction, removeMemberAction } from "./actions";

export const metadata: Metadata = { title: "Members" };

const ROLE_OPTIONS = Object.values(Role).map((role) => ({ value: role, label: ROLE_LABELS[role] }));

export default async function MembersPage() {
  const { organizationId } = await requireMembership("members:manage");
  const members = await listMembers({ organizationId });
  return (
    <>
      <PageHeader
        title="Members"
        description="Owners manage everything. Marketers run audiences, forms and subscribers. Compliance staff read evidence and export it, and change nothing. Every change here is recorded in the audit log."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Current members" />
          <ul className="divide-y divide-slate-100">
            {members.map((member) => (
              <li
                key={member.id}
                className="flex flex-wrap items-end justify-between gap-3 px-5 py-3"
                data-testid={`member-${member.user.email}`}
              >
                <div>
                  <p className="text-sm font-medium text-slate-900">{member.user.name}</p>
                  <p className="text-xs text-slate-600">{member.user.email}</p>
                </div>
                <div className="flex items-end gap-2">
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
                  <ActionForm action={removeMemberAction.bind(null, member.id)} showSuccess={false}>
                    <SubmitButton variant="danger" pendingLabel="Removing…">
                      Remove
                    </SubmitButton>
                  </ActionForm>
                </div>
              </li>
            ))}
          </ul>
        </Card>
        <Card>
          <CardHeader
            title="Add a member"
            description="They need an optline account (they can sign up, then you add them here)."
          />
          <CardBody>
            <ActionForm action={addMemberAction} className="space-y-4" resetOnSuccess>
              <TextField name="email" label="Email" type="email" required />
              <SelectField
                name="role"
                id="new-member-role"
                label="Role"
                defaultValue="MARKETER"
                options={ROLE_OPTIONS}
              />
              <SubmitButton pendingLabel="Adding…">Add member</SubmitButton>
            </ActionForm>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
