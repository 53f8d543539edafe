"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { sendDevText } from "@/lib/dev-phone/dev-phone";

async function send(formData: FormData) {
  return runAction(async () => {
    const membership = await requireActionMembership("dev_phone:use");
    // A keyword button sends its word; the Send button sends the typed text.
    const body = formText(formData, "keyword") || formText(formData, "body");
    return sendDevText({
      organizationId: membership.organizationId,
      actor: await staffActor(membership),
      phone: formText(formData, "phone"),
      body,
    });
  });
}

/** The composer under an open conversation. */
export async function sendDevReplyAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await send(formData);
  revalidatePath("/dashboard/dev-phone");
  return result;
}

/** "Text from another number": opens that number's conversation. */
export async function startDevConversationAction(
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await send(formData);
  if (result.ok) redirect(`/dashboard/dev-phone?phone=${encodeURIComponent(result.data)}`);
  return result;
}
