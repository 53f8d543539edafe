// The portal's "Ask for erasure" button: lib/privacy carries it out at once, or queues it for
// a compliance member's approval, as the organization's privacy settings say.
import "server-only";
import type { RequestContext } from "@/lib/http/request-context";
import { requestErasure } from "@/lib/privacy/request-erasure";

export function erasureAvailable(): boolean {
  return true;
}

export async function requestPortalErasure(options: {
  organizationId: string;
  phone: string;
  channel: "portal" | "withdraw_link";
  context: RequestContext;
}): Promise<"completed" | "awaiting_approval"> {
  const { status } = await requestErasure({
    organizationId: options.organizationId,
    phone: options.phone,
    channel: options.channel,
    ip: options.context.ip,
    userAgent: options.context.userAgent,
  });
  return status;
}
