// HTTP answers for a code check, shared by the API and the public form. A failed check is
// not an exception (its attempt count and evidence must commit), so it is mapped here:
// 422 with the reason for wrong / expired / dead codes, 409 for a code already used.
import { jsonResponse } from "@/lib/http/api-response";
import { metrics } from "@/lib/metrics/metrics";
import type { CheckOutcome } from "./check-verification";

/** Every code check is counted once, by its result (the API and the no-JavaScript form). */
export function countCheckOutcome(outcome: CheckOutcome): void {
  const result = outcome.ok
    ? outcome.marketing === "confirmed"
      ? "confirmed"
      : "approved"
    : outcome.reason;
  metrics.confirmations.inc({ method: "code", result });
}

export function checkOutcomeResponse(outcome: CheckOutcome, headers?: HeadersInit): Response {
  countCheckOutcome(outcome);
  if (outcome.ok) {
    const { ok: _ok, ...body } = outcome;
    return jsonResponse(body, { headers });
  }
  const conflict = outcome.reason === "already_used";
  return jsonResponse(
    {
      error: {
        code: conflict ? "CONFLICT" : "VALIDATION_FAILED",
        message: outcome.message,
        fields: { code: [outcome.message] },
        reason: outcome.reason,
        attemptsLeft: outcome.attemptsLeft,
      },
    },
    { status: conflict ? 409 : 422, headers },
  );
}
