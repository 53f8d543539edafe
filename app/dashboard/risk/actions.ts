"use server";
import { revalidatePath } from "next/cache";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { removeRiskBlock } from "@/lib/risk/remove-risk-block";

export async function unblockAction(blockId: string) {
  const membership = await requireActionMembership("risk:manage");
  await removeRiskBlock({ organizationId: membership.organizationId, blockId });
  revalidatePath("/dashboard/risk");
}
