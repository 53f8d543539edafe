// The portal's "Ask for erasure" button. Erasure itself (and its approval queue) belongs to
// lib/privacy; until that is merged, the portal does not offer the button.
import "server-only";
import { AppError } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";

export function erasureAvailable(): boolean {
  return false;
}

export async function requestPortalErasure(_options: {
  organizationId: string;
  phone: string;
  channel: "portal" | "withdraw_link";
  context: RequestContext;
}): Promise<"completed" | "awaiting_approval"> {
  throw AppError.notFound("Erasure");
}
