"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { addMember, changeMemberRole, removeMember } from "@/lib/members/manage-members";

export async function addMemberAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("members:manage");
    await addMember({
      organizationId: membership.organizationId,
      actor: await staffActor(membership),
      input: { email: formText(formData, "email"), role: formText(formData, "role") },
    });
    return null;
  }, "Member added.");
  revalidatePath("/dashboard/settings/members");
  return result;
}

export async function changeRoleAction(
  membershipId: string,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("members:manage");
    await changeMemberRole({
      organizationId: membership.organizationId,
      membershipId,
      role: formText(formData, "role"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Role changed.");
  revalidatePath("/dashboard/settings/members");
  return result;
}

export async function removeMemberAction(
  membershipId: string,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("members:manage");
    await removeMember({
      organizationId: membership.organizationId,
      membershipId,
      actor: await staffActor(membership),
    });
    return null;
  }, "Member removed.");
  revalidatePath("/dashboard/settings/members");
  return result;
}
