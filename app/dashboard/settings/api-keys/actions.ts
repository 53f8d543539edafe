"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { parseRecordId } from "@/lib/http/record-id";

export async function createApiKeyAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("api_keys:manage");
    const { key } = await createApiKey({
      organizationId: membership.organizationId,
      actor: await staffActor(membership),
      input: { name: formData.get("name"), scopes: formData.getAll("scopes") },
    });
    return { key };
  });
  revalidatePath("/dashboard/settings/api-keys");
  return result;
}

export async function revokeApiKeyAction(
  apiKeyId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("api_keys:manage");
    await revokeApiKey({
      organizationId: membership.organizationId,
      apiKeyId: parseRecordId(apiKeyId, "API key"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Key revoked.");
  revalidatePath("/dashboard/settings/api-keys");
  return result;
}
