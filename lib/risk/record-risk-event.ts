// Failures and fraud signals, kept apart from consent evidence: they are monitoring data
// (what went wrong, from where), written even when a request is refused, and shown on the
// Risk and Failures pages by day, country and error code.
import "server-only";
import { db } from "@/lib/db/client";
import type { DbClient } from "@/lib/db/types";
import type { Prisma } from "@/lib/generated/prisma/client";

export const RISK_EVENT_TYPES = {
  invalid_number: "Invalid number",
  not_mobile: "Not a mobile number",
  country_not_allowed: "Country not allowed",
  rate_limited: "Rate limited",
  blocked: "Blocked request",
  honeypot: "Bot (honeypot filled)",
  suspicious_ip_many_numbers: "Many numbers from one IP",
  sequential_numbers: "Sequential numbers",
  prefix_burst: "Burst from one number prefix",
  repeated_code_requests: "Repeated code requests",
  code_wrong: "Wrong code entered",
  code_expired: "Code expired",
  code_attempts_exhausted: "Code attempts used up",
  delivery_failed: "SMS delivery failed",
} as const;
export type RiskEventType = keyof typeof RISK_EVENT_TYPES;

export interface RecordRiskEventInput {
  organizationId: string;
  type: RiskEventType;
  formId?: string | null;
  ip?: string | null;
  /** E.164 when known; prefix is derived from it. */
  phone?: string | null;
  country?: string | null;
  errorCode?: number | null;
  detail?: Prisma.InputJsonObject;
  /** When it happened; the caller's clock, so that a request's events share one time. */
  at?: Date;
}

/**
 * "+" and the number's first five digits (+1 201 5…, +44 7700…): the country code and the
 * start of the range, the unit SMS pumping attacks work in.
 */
export function phonePrefix(e164: string): string {
  return e164.slice(0, Math.min(e164.length, 6));
}

export async function recordRiskEvent(
  input: RecordRiskEventInput,
  client: DbClient = db,
): Promise<void> {
  await client.riskEvent.create({
    data: {
      organizationId: input.organizationId,
      type: input.type,
      formId: input.formId ?? null,
      ip: input.ip ?? null,
      phone: input.phone ?? null,
      prefix: input.phone ? phonePrefix(input.phone) : null,
      country: input.country ?? null,
      errorCode: input.errorCode ?? null,
      detail: input.detail ?? {},
      ...(input.at ? { createdAt: input.at } : {}),
    },
  });
}
