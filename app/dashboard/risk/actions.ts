"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { parseRecordId } from "@/lib/http/record-id";
import { removeRiskBlock } from "@/lib/risk/remove-risk-block";

export async function unblockAction(
  blockId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("risk:manage");
    await removeRiskBlock({
      organizationId: membership.organizationId,
      blockId: parseRecordId(blockId, "Block"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Unblocked.");
  revalidatePath("/dashboard/risk");
  return result;
}
