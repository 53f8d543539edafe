"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { parseRecordId } from "@/lib/http/record-id";
import { approvePrivacyRequest, rejectPrivacyRequest } from "@/lib/privacy/handle-privacy-request";
import { logStaffErasureRequest } from "@/lib/privacy/log-staff-request";

export async function approvePrivacyRequestAction(
  requestId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("privacy:handle");
    return approvePrivacyRequest({
      organizationId: membership.organizationId,
      requestId: parseRecordId(requestId, "Privacy request"),
      actor: await staffActor(membership),
      note: formText(formData, "reason"),
    });
  }, "Approved: the personal data is erased.");
  revalidatePath("/compliance/privacy-requests");
  return result;
}

export async function rejectPrivacyRequestAction(
  requestId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("privacy:handle");
    return rejectPrivacyRequest({
      organizationId: membership.organizationId,
      requestId: parseRecordId(requestId, "Privacy request"),
      actor: await staffActor(membership),
      note: formText(formData, "reason"),
    });
  }, "Rejected, with your reason.");
  revalidatePath("/compliance/privacy-requests");
  return result;
}

export async function logErasureRequestAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("privacy:handle");
    const logged = await logStaffErasureRequest({
      organizationId: membership.organizationId,
      input: { phone: formText(formData, "phone") },
    });
    return logged;
  }, "Request logged.");
  revalidatePath("/compliance/privacy-requests");
  return result;
}
