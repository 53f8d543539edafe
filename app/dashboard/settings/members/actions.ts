"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { revokeInvitation } from "@/lib/invitations/revoke-invitation";
import { changeMemberRole, removeMember } from "@/lib/members/manage-members";
import { parseRecordId } from "@/lib/http/record-id";

export async function inviteMemberAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("members:manage");
    return createInvitation({
      organizationId: membership.organizationId,
      inviter: membership.user,
      actor: await staffActor(membership),
      input: { email: formText(formData, "email"), role: formText(formData, "role") },
    });
  });
  revalidatePath("/dashboard/settings/members");
  return result;
}

export async function revokeInvitationAction(
  invitationId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("members:manage");
    await revokeInvitation({
      organizationId: membership.organizationId,
      invitationId: parseRecordId(invitationId, "Invitation"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Invitation revoked.");
  revalidatePath("/dashboard/settings/members");
  return result;
}

export async function changeRoleAction(
  membershipId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("members:manage");
    await changeMemberRole({
      organizationId: membership.organizationId,
      membershipId: parseRecordId(membershipId, "Member"),
      role: formText(formData, "role"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Role changed.");
  revalidatePath("/dashboard/settings/members");
  return result;
}

export async function removeMemberAction(
  membershipId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("members:manage");
    await removeMember({
      organizationId: membership.organizationId,
      membershipId: parseRecordId(membershipId, "Member"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Member removed.");
  revalidatePath("/dashboard/settings/members");
  return result;
}
