// A text that did not reach its number, for the Failures page: by country and error code.
import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { DbClient } from "@/lib/db/types";
import { recordRiskEvent } from "./record-risk-event";

export async function recordDeliveryFailure(
  client: DbClient,
  options: {
    organizationId: string;
    phone: string;
    errorCode: number | null;
    /** The message and why it failed (status, kind, provider message). */
    detail: { messageId: string; kind: string; status: string; errorMessage?: string | null };
    at?: Date;
  },
): Promise<void> {
  await recordRiskEvent(
    {
      organizationId: options.organizationId,
      type: "delivery_failed",
      phone: options.phone,
      country: parsePhoneNumberFromString(options.phone)?.country ?? null,
      errorCode: options.errorCode,
      detail: options.detail,
      at: options.at,
    },
    client,
  );
}
