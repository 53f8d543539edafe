"use server";
import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/lib/actions/action-result";
import { requireActionMembership } from "@/lib/auth/require-membership";
import { staffActor } from "@/lib/auth/staff-actor";
import { parseRecordId } from "@/lib/http/record-id";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  rollWebhookSecret,
  updateWebhookEndpoint,
} from "@/lib/webhooks/manage-webhook-endpoints";
import {
  redeliverWebhook,
  sendTestWebhook,
  type SendOutcome,
} from "@/lib/webhooks/webhook-delivery-log";

const PAGE = "/dashboard/settings/webhooks";

type NewEndpointInput = { url: unknown; description: unknown; eventTypes: unknown };
/** A secret just made, with the endpoint it signs for: shown once. */
type NewSecret = { secret: string; url: string };

/** Called with the form's values (not FormData) so that the form keeps them on an error. */
export async function createWebhookEndpointAction(
  input: NewEndpointInput,
): Promise<ActionResult<NewSecret>> {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("webhooks:manage");
    const { endpoint, secret } = await createWebhookEndpoint({
      organizationId: membership.organizationId,
      actor: await staffActor(membership),
      input,
    });
    return { secret, url: endpoint.url };
  });
  revalidatePath(PAGE);
  return result;
}

export async function rollWebhookSecretAction(
  endpointId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
): Promise<ActionResult<NewSecret | null>> {
  return runAction(async () => {
    const membership = await requireActionMembership("webhooks:manage");
    const { endpoint, secret } = await rollWebhookSecret({
      organizationId: membership.organizationId,
      endpointId: parseRecordId(endpointId, "Webhook endpoint"),
      actor: await staffActor(membership),
    });
    return { secret, url: endpoint.url };
  });
}

export async function setWebhookEnabledAction(
  endpointId: unknown,
  enabled: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(
    async () => {
      const membership = await requireActionMembership("webhooks:manage");
      await updateWebhookEndpoint({
        organizationId: membership.organizationId,
        endpointId: parseRecordId(endpointId, "Webhook endpoint"),
        actor: await staffActor(membership),
        input: { enabled: enabled === true },
      });
      return null;
    },
    enabled === true ? "Endpoint turned on." : "Endpoint turned off.",
  );
  revalidatePath(PAGE, "layout");
  return result;
}

export async function deleteWebhookEndpointAction(
  endpointId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("webhooks:manage");
    await deleteWebhookEndpoint({
      organizationId: membership.organizationId,
      endpointId: parseRecordId(endpointId, "Webhook endpoint"),
      actor: await staffActor(membership),
    });
    return null;
  }, "Endpoint deleted.");
  revalidatePath(PAGE);
  return result;
}

export async function sendTestWebhookAction(
  endpointId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("webhooks:manage");
    return sendTestWebhook({
      organizationId: membership.organizationId,
      endpointId: parseRecordId(endpointId, "Webhook endpoint"),
    });
  });
  revalidatePath(PAGE, "layout");
  return describeOutcome(result, "Test event");
}

export async function redeliverWebhookAction(
  deliveryId: unknown,
  _state: ActionResult<unknown>,
  _formData: FormData,
) {
  const result = await runAction(async () => {
    const membership = await requireActionMembership("webhooks:manage");
    return redeliverWebhook({
      organizationId: membership.organizationId,
      deliveryId: parseRecordId(deliveryId, "Delivery"),
    });
  });
  revalidatePath(PAGE, "layout");
  return describeOutcome(result, "Redelivery");
}

/** A sent event as the button's message: delivered (with the code) or why not. */
function describeOutcome(
  result: ActionResult<SendOutcome>,
  what: string,
): ActionResult<SendOutcome | null> {
  if (!result.ok) return result;
  const { status, error, ok } = result.data;
  if (ok) return { ok: true, data: result.data, message: `${what} delivered: HTTP ${status}.` };
  return { ok: false, message: `${what} not delivered: ${error ?? `HTTP ${status}`}.` };
}
