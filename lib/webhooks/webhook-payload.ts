// The JSON body of a webhook, built from stored facts when it is sent: the evidence event
// (its id, type, position and hash, so a receiver can check it over the API) and the
// subscriber it concerns. The phone number is included (E.164): a sending tool cannot act on
// an id alone. Nothing else personal goes out (no IP, browser, SMS text or consent wording).
// Built at send time, so a later erasure of the subscriber's data is respected by retries.
import { isErasedPhone } from "@/lib/privacy/phone-hash";
import { TEST_EVENT_TYPE } from "./webhook-events";

export interface DeliveryFacts {
  deliveryId: string;
  organizationId: string;
  endpointId: string;
  eventType: string;
  createdAt: Date;
  evidence: {
    id: string;
    type: string;
    seq: number;
    hash: string;
    data: unknown;
    createdAt: Date;
  } | null;
  subscriber: { id: string; phone: string; country: string; audienceId: string } | null;
}

/** An erased subscriber goes out without a number (its row holds "erased:<id>", no number). */
function subscriberOf(subscriber: DeliveryFacts["subscriber"]) {
  if (!subscriber) return null;
  return { ...subscriber, phone: isErasedPhone(subscriber.phone) ? null : subscriber.phone };
}

export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

export function buildWebhookPayload(facts: DeliveryFacts): WebhookPayload {
  if (facts.eventType === TEST_EVENT_TYPE || !facts.evidence) {
    return {
      type: facts.eventType,
      timestamp: facts.createdAt.toISOString(),
      data: {
        organizationId: facts.organizationId,
        endpointId: facts.endpointId,
        message: "A test event from optline: the signature checks out if your code accepts it.",
      },
    };
  }
  const { evidence } = facts;
  return {
    type: facts.eventType,
    timestamp: evidence.createdAt.toISOString(),
    data: {
      organizationId: facts.organizationId,
      subscriber: subscriberOf(facts.subscriber),
      purpose: purposeOf(evidence.type),
      method: methodOf(evidence.type, evidence.data),
      evidence: {
        id: evidence.id,
        type: evidence.type,
        seq: evidence.seq,
        hash: evidence.hash,
        recordedAt: evidence.createdAt.toISOString(),
      },
    },
  };
}

function purposeOf(evidenceType: string): "marketing" | "verification" | null {
  if (evidenceType.startsWith("verification.")) return "verification";
  if (evidenceType === "subscriber.deleted" || evidenceType === "subscriber.erased") return null;
  return "marketing";
}

function methodOf(evidenceType: string, data: unknown): string | null {
  if (evidenceType === "signup.submitted") return "form";
  if (evidenceType === "subscriber.deleted") return "deleted";
  if (evidenceType === "subscriber.erased") return "erased";
  const method = (data as { method?: unknown } | null)?.method;
  return typeof method === "string" ? method : null;
}
