"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { formText } from "@/lib/actions/form-data";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { parseRecordId } from "@/lib/http/record-id";
import {
  checkSenderConnection,
  setSenderWebhook,
  type ConnectionReport,
} from "@/lib/senders/check-sender-connection";
import {
  createSender,
  deleteSender,
  setAudienceSender,
  updateSender,
} from "@/lib/senders/manage-senders";

const PAGE = "/dashboard/settings/senders";

function senderInput(formData: FormData) {
  return {
    name: formText(formData, "name"),
    accountSid: formText(formData, "accountSid"),
    authToken: formText(formData, "authToken"),
    apiKeySid: formText(formData, "apiKeySid"),
    apiKeySecret: formText(formData, "apiKeySecret"),
    messagingServiceSid: formText(formData, "messagingServiceSid"),
    numberType: formText(formData, "numberType"),
    messagesPerSecond: formText(formData, "messagesPerSecond"),
    numbers: formText(formData, "numbers"),
  };
}

export async function createSenderAction(_state: ActionResult<unknown>, formData: FormData) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("senders:manage");
    const sender = await createSender({
      organizationId: membership.organizationId,
      actor: await staffActor(membership),
      input: senderInput(formData),
    });
    return { id: sender.id };
  }, "Sender added. Check its connection, then give it an audience.");
  revalidatePath(PAGE);
  return result;
}

export async function updateSenderAction(
  senderId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("senders:manage");
    await updateSender({
      organizationId: membership.organizationId,
      senderId: parseRecordId(senderId, "Sender"),
      actor: await staffActor(membership),
      input: senderInput(formData),
    });
    return null;
  }, "Sender saved.");
  revalidatePath(PAGE);
  return result;
}

export async function deleteSenderAction(
  senderId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("senders:manage");
    await deleteSender({
      organizationId: membership.organizationId,
      senderId: parseRecordId(senderId, "Sender"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Sender deleted.");
  revalidatePath(PAGE);
  return result;
}

/** The checks as the message: each on its own line, ✓ or ✗. */
function describeReport(report: ConnectionReport): string {
  return report.checks.map((c) => `${c.ok ? "✓" : "✗"} ${c.label}: ${c.detail}`).join(" · ");
}

export async function checkSenderConnectionAction(
  senderId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
): Promise<ActionResult<ConnectionReport | null>> {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("senders:manage");
    return checkSenderConnection({
      organizationId: membership.organizationId,
      senderId: parseRecordId(senderId, "Sender"),
    });
  });
  if (!result.ok) return result;
  return result.data.ok
    ? { ok: true, data: result.data, message: describeReport(result.data) }
    : { ok: false, message: describeReport(result.data) };
}

export async function setSenderWebhookAction(
  senderId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("senders:manage");
    const targets = await setSenderWebhook({
      organizationId: membership.organizationId,
      senderId: parseRecordId(senderId, "Sender"),
      actor: await staffActor(membership),
    });
    return { message: `Inbound webhook set to optline on ${targets.join(", ")}.` };
  });
  if (!result.ok) return result;
  return { ok: true as const, data: null, message: result.data.message };
}

export async function setAudienceSenderAction(
  audienceId: unknown,
  _state: ActionResult<unknown>,
  formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("senders:manage");
    const senderId = formText(formData, "senderId");
    await setAudienceSender({
      organizationId: membership.organizationId,
      audienceId: parseRecordId(audienceId, "Audience"),
      senderId: senderId === "" ? null : parseRecordId(senderId, "Sender"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Audience sender saved.");
  revalidatePath(PAGE);
  return result;
}
