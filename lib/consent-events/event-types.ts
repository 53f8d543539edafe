// Every kind of consent event, with the exact shape of its data. Data is validated when an
// event is written and again when it is read, so the evidence never holds a shape the
// formatter, the proof document or an export does not understand.
import { z } from "zod";

// PostgreSQL text and jsonb cannot hold NUL; an SMS body can. Keep everything else verbatim.
const text = z.string().transform((value) => value.replace(/\u0000/g, "\uFFFD"));
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const isoTime = z.iso.datetime({ offset: false });

/** A signed inbound SMS, as received. */
export const ZInboundSmsEvidence = z.object({
  messageId: z.string(),
  sid: z.string(),
  from: z.string(),
  to: z.string(),
  body: text,
  receivedAt: isoTime,
  signatureVerified: z.boolean(),
});
export type TInboundSmsEvidence = z.infer<typeof ZInboundSmsEvidence>;

const withdrawalMethod = z.enum(["keyword", "free_text", "form", "email", "staff", "api"]);

export const EVENT_SCHEMAS = {
  /** A person submitted a signup form: marketing consent granted, confirmation pending. */
  "signup.submitted": z.object({
    purpose: z.literal("marketing"),
    phone: z.string(),
    country: z.string(),
    locale: z.string(),
    formId: z.string(),
    formSlug: z.string(),
    formVersionId: z.string(),
    formVersion: z.number().int(),
    consentTextSha256: sha256,
    checkboxInitiallyChecked: z.literal(false),
    checkboxChecked: z.literal(true),
    buttonLabel: z.string(),
    pageUrl: text.nullable(),
    referrer: text.nullable(),
    embedded: z.boolean(),
    antiFraud: z.object({ result: z.enum(["pass", "flagged"]), signals: z.array(z.string()) }),
    /** What happened: a new or re-started signup, a repeat while pending, or an already confirmed number. */
    outcome: z.enum(["pending", "repeat_pending", "already_confirmed"]),
    confirmationQueued: z.boolean(),
  }),
  /** The provider accepted an outbound SMS. */
  "sms.sent": z.object({
    messageId: z.string(),
    kind: z.string(),
    provider: z.string(),
    sid: z.string(),
    from: z.string(),
    to: z.string(),
    body: text,
  }),
  /** The provider refused an outbound SMS, or it could not be reached. */
  "sms.failed": z.object({
    messageId: z.string(),
    kind: z.string(),
    provider: z.string(),
    errorCode: z.number().int().nullable(),
    errorMessage: text,
    attempts: z.number().int(),
    willRetry: z.boolean(),
  }),
  /** Final delivery status reported by the provider. */
  "sms.delivery": z.object({
    messageId: z.string(),
    kind: z.string(),
    sid: z.string(),
    status: z.enum(["DELIVERED", "UNDELIVERED", "FAILED"]),
    errorCode: z.number().int().nullable(),
  }),
  /** Double opt-in completed. */
  "marketing.confirmed": z.object({
    method: z.enum(["sms_reply", "code"]),
    reply: ZInboundSmsEvidence.nullable(),
    /** SID of the confirmation SMS the reply answered. */
    confirmationSid: z.string().nullable(),
  }),
  "marketing.revoked": z.object({
    method: withdrawalMethod,
    keyword: z.string().nullable(),
    rawText: text.nullable(),
    inbound: ZInboundSmsEvidence.nullable(),
    /** The opt-out confirmation SMS; its SID arrives with the status callback. */
    replyMessageId: z.string().nullable(),
    processedAt: isoTime,
  }),
  /** START / UNSTOP / YES after an opt-out. */
  "marketing.regranted": z.object({
    method: z.literal("keyword"),
    keyword: z.string(),
    inbound: ZInboundSmsEvidence,
    replyMessageId: z.string().nullable(),
  }),
  "help.requested": z.object({
    inbound: ZInboundSmsEvidence,
    replyMessageId: z.string().nullable(),
  }),
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventDataInput<T extends EventType> = z.input<(typeof EVENT_SCHEMAS)[T]>;
export type EventData<T extends EventType> = z.output<(typeof EVENT_SCHEMAS)[T]>;

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(EVENT_SCHEMAS, value);
}

/** A stored event's data, checked against its type's schema. */
export type ParsedEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

export function parseEventData(type: string, data: unknown): ParsedEvent {
  if (!isEventType(type)) throw new Error(`Unknown consent event type "${type}"`);
  return { type, data: EVENT_SCHEMAS[type].parse(data) } as ParsedEvent;
}
