// The events an endpoint can subscribe to, which evidence produces each, and the input
// schemas for endpoints. Pure (no database): the dashboard's form imports it too.
import { z } from "zod";

export const WEBHOOK_EVENT_TYPES = {
  "subscriber.pending": "Signed up (or consent recorded by staff or API); waiting for YES",
  "subscriber.confirmed": "Confirmed: may receive marketing texts",
  "subscriber.unsubscribed": "Opted out (STOP, staff, API) or deleted: stop texting",
  "subscriber.resubscribed": "Opted back in (START, or YES after STOP)",
  "consent.granted": "A marketing or 2FA consent was given",
  "consent.revoked": "A marketing or 2FA consent was withdrawn",
  "subscriber.erased":
    "Personal data erased (on request, by staff or by retention): forget the number",
} as const;
export type WebhookEventType = keyof typeof WEBHOOK_EVENT_TYPES;

/** Sent by the dashboard's and the API's test button, whatever the endpoint subscribes to. */
export const TEST_EVENT_TYPE = "webhook.test";

/**
 * Consent event type → webhook events, exactly as the trigger maps them
 * (optline_webhook_event_types in prisma/migrations/…_outbound_webhooks); a test holds the
 * two together. `when` narrows by the event's data.
 */
export const EVIDENCE_TO_WEBHOOK_EVENTS: {
  evidence: string;
  when?: { field: string; equals?: string; notEquals?: string };
  events: WebhookEventType[];
}[] = [
  {
    evidence: "signup.submitted",
    when: { field: "outcome", equals: "pending" },
    events: ["subscriber.pending", "consent.granted"],
  },
  {
    evidence: "marketing.granted",
    when: { field: "method", equals: "enrollment" },
    events: ["consent.granted"],
  },
  {
    evidence: "marketing.granted",
    when: { field: "method", notEquals: "enrollment" },
    events: ["subscriber.pending", "consent.granted"],
  },
  { evidence: "marketing.confirmed", events: ["subscriber.confirmed"] },
  { evidence: "subscriber.added", events: ["subscriber.confirmed", "consent.granted"] },
  { evidence: "marketing.revoked", events: ["subscriber.unsubscribed", "consent.revoked"] },
  { evidence: "marketing.regranted", events: ["subscriber.resubscribed", "consent.granted"] },
  { evidence: "subscriber.deleted", events: ["subscriber.unsubscribed"] },
  { evidence: "verification.granted", events: ["consent.granted"] },
  { evidence: "verification.revoked", events: ["consent.revoked"] },
  { evidence: "subscriber.erased", events: ["subscriber.erased"] },
];

const eventType = z.enum(
  Object.keys(WEBHOOK_EVENT_TYPES) as [WebhookEventType, ...WebhookEventType[]],
);

export const WEBHOOK_URL_MAX_LENGTH = 2000;

const url = z
  .string()
  .trim()
  .min(1, "Enter the address to post events to")
  .max(WEBHOOK_URL_MAX_LENGTH, `At most ${WEBHOOK_URL_MAX_LENGTH} characters`);

export const ZCreateWebhookEndpointSchema = z.object({
  url,
  description: z.string().trim().max(200, "At most 200 characters").default(""),
  eventTypes: z.array(eventType).min(1, "Choose at least one event").max(20),
});

export const ZUpdateWebhookEndpointSchema = z
  .object({
    url: url.optional(),
    description: z.string().trim().max(200, "At most 200 characters").optional(),
    eventTypes: z.array(eventType).min(1, "Choose at least one event").max(20).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

/** API bodies are small: an endpoint is a URL, a description and a few event names. */
export const WEBHOOK_BODY_MAX_BYTES = 8 * 1024;
