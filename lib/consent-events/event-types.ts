// Every kind of consent event, with the exact shape of its data. Data is validated when an
// event is written and again when it is read, so the evidence never holds a shape the
// formatter, the proof document or an export does not understand.
import { z } from "zod";
import { CANCEL_REASONS } from "@/lib/sms/cancel-reasons";

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
  /**
   * sms: posted by the carrier's gateway (Twilio's signed webhook). dev_phone: typed by a
   * signed-in staff member in the Dev phone, never carrier-delivered (the event's actor says
   * who). Absent on events recorded before the field existed: sms.
   */
  channel: z.enum(["sms", "dev_phone"]).optional(),
});
export type TInboundSmsEvidence = z.infer<typeof ZInboundSmsEvidence>;

/** What staff changed on a record, field by field (lists joined by ", "). */
const fieldChanges = z.record(z.string(), z.object({ from: text.nullable(), to: text.nullable() }));

/** portal: the privacy portal (/p/<slug>) or a signed withdraw link opened there. */
const withdrawalMethod = z.enum([
  "keyword",
  "free_text",
  "form",
  "email",
  "staff",
  "api",
  "portal",
]);

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
  /** Not sent: the person must not be texted any more (or the text is no longer current). */
  "sms.canceled": z.object({
    messageId: z.string(),
    kind: z.string(),
    purpose: z.enum(["marketing", "verification"]).nullable(),
    reason: z.enum(CANCEL_REASONS),
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
    /** Why staff or an app withdrew it (absent on events recorded before the field existed). */
    reason: text.nullable().optional(),
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

  // --- Staff actions on one subscriber ---------------------------------------------------
  /** Added by staff or an import, with the consent evidence they hold from elsewhere. */
  "subscriber.added": z.object({
    method: z.enum(["manual", "import"]),
    phone: z.string(),
    country: z.string(),
    audienceId: z.string(),
    importId: z.string().nullable(),
    consent: z.object({
      /** When the person originally consented (from the source's records). */
      originalConsentAt: isoTime,
      /** Where that consent is evidenced: a document, URL, system id… */
      evidence: text,
      source: text,
    }),
  }),
  "subscriber.updated": z.object({
    changes: z.record(
      z.string(),
      z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    ),
  }),
  /** Hidden from lists and never texted again; the evidence stays. */
  "subscriber.deleted": z.object({ reason: text }),
  /**
   * Personal data erased (GDPR Art. 17): the earlier events of this chain had their personal
   * fields redacted in the same transaction. residuals[i] is the digest of event seq i + 1
   * as it remains (lib/privacy/redact-event.ts), so the redacted rows stay verifiable.
   */
  "subscriber.erased": z.object({
    reason: z.enum(["request", "staff", "retention"]),
    requestId: z.string().nullable(),
    redactedEvents: z.number().int(),
    residuals: z.array(sha256),
    /** Whether every hash of the chain checked out just before it was redacted. */
    chainIntactBeforeErasure: z.boolean(),
  }),

  // --- Verification (2FA) ---------------------------------------------------------------
  "verification.code_sent": z.object({
    verificationId: z.string(),
    provider: z.enum(["optline", "twilio_verify"]),
    channel: z.enum(["sms", "call", "whatsapp"]),
    sequence: z.number().int(),
    sends: z.number().int(),
    expiresAt: isoTime,
    messageId: z.string().nullable(),
  }),
  "verification.code_failed": z.object({
    verificationId: z.string(),
    reason: z.enum(["wrong_code", "expired", "too_many_attempts"]),
    attempts: z.number().int(),
  }),
  "verification.approved": z.object({
    verificationId: z.string(),
    provider: z.enum(["optline", "twilio_verify"]),
    channel: z.enum(["sms", "call", "whatsapp"]),
  }),
  /** Consent to receive verification codes (2FA), separate from marketing. */
  "verification.granted": z.object({
    method: z.enum(["code", "staff", "api"]),
    verificationId: z.string().nullable(),
    consentText: text.nullable(),
    consentTextSha256: sha256.nullable(),
  }),
  "verification.revoked": z.object({ method: withdrawalMethod, reason: text.nullable() }),
  /** Marketing consent given outside the signup form (2FA enrollment screen, API, staff). */
  "marketing.granted": z.object({
    /** keyword: the person texted a form's opt-in keyword; confirmation (YES) pending. */
    method: z.enum(["enrollment", "api", "staff", "keyword"]),
    formId: z.string().nullable(),
    formVersionId: z.string().nullable(),
    consentTextSha256: sha256.nullable(),
    checkboxInitiallyChecked: z.literal(false),
    pageUrl: text.nullable(),
    /** method keyword: the keyword as configured, the text that matched it, and the reply. */
    keyword: z.string().optional(),
    inbound: ZInboundSmsEvidence.optional(),
    replyMessageId: z.string().nullable().optional(),
  }),

  // --- Organization-level events (organization chain) -------------------------------------
  /** A compliance member approved or rejected a data subject's request (the queue). */
  "privacy_request.approved": z.object({
    requestId: z.string(),
    kind: z.enum(["access", "withdrawal", "erasure"]),
    note: text.nullable(),
  }),
  "privacy_request.rejected": z.object({
    requestId: z.string(),
    kind: z.enum(["access", "withdrawal", "erasure"]),
    note: text,
  }),
  /** An owner changed the privacy settings (erasure approval, retention days). */
  "privacy_settings.changed": z.object({ changes: fieldChanges }),
  "export.created": z.object({
    exportId: z.string(),
    kind: z.enum(["consent_events", "sending_list"]),
    format: z.enum(["csv", "ndjson"]),
    filters: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])),
    status: z.enum(["completed", "failed"]),
    /** Null when the file was not finished: how many rows got through is not known. */
    rowCount: z.number().int().nullable(),
    sha256: sha256.nullable(),
  }),
  "member.added": z.object({ userId: z.string(), email: z.string(), role: z.string() }),
  "member.role_changed": z.object({
    userId: z.string(),
    email: z.string(),
    from: z.string(),
    to: z.string(),
  }),
  "member.removed": z.object({ userId: z.string(), email: z.string(), role: z.string() }),
  /** An owner invited someone by email; they join only by accepting (member.joined). */
  "member.invited": z.object({
    invitationId: z.string(),
    email: z.string(),
    role: z.string(),
    expiresAt: isoTime,
  }),
  "member.invitation_revoked": z.object({
    invitationId: z.string(),
    email: z.string(),
    role: z.string(),
    /** "revoked" by an owner, or "replaced" by a newer invitation to the same email. */
    reason: z.enum(["revoked", "replaced"]),
  }),
  /** The invitee accepted (actor: the invitee), signing in or creating an account. */
  "member.joined": z.object({
    invitationId: z.string(),
    userId: z.string(),
    email: z.string(),
    role: z.string(),
    newAccount: z.boolean(),
  }),
  "api_key.created": z.object({
    apiKeyId: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
  }),
  "api_key.revoked": z.object({ apiKeyId: z.string(), name: z.string() }),
  /** A staff member lifted a fraud block before it ran out (Risk page). */
  "risk_block.removed": z.object({
    blockId: z.string(),
    kind: z.string(),
    /** The blocked IP, number prefix, number or country. */
    value: z.string(),
    reason: z.string(),
    wouldHaveEndedAt: z.string(),
  }),
  /** An owner added a webhook endpoint: events (with phone numbers) go to this address. */
  "webhook_endpoint.created": z.object({
    endpointId: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()),
  }),
  /** What changed: url, description, eventTypes, enabled, secret (rolled). */
  "webhook_endpoint.updated": z.object({
    endpointId: z.string(),
    url: z.string(),
    changes: z.array(z.string()),
    enabled: z.boolean(),
  }),
  "webhook_endpoint.deleted": z.object({ endpointId: z.string(), url: z.string() }),
  /** An owner added a sender: texts of the audiences on it go out from this Twilio account. */
  "sender.created": z.object({
    senderId: z.string(),
    name: text,
    accountSid: z.string(),
    numbers: z.array(z.string()),
  }),
  /** What changed: name, numbers, credentials (never their values), rate… */
  "sender.updated": z.object({ senderId: z.string(), name: text, changes: z.array(z.string()) }),
  "sender.deleted": z.object({ senderId: z.string(), name: text }),
  /** The inbound webhook of a number or messaging service was pointed at optline through Twilio's API. */
  "sender.webhook_set": z.object({
    senderId: z.string(),
    name: text,
    targets: z.array(z.string()),
    url: z.string(),
  }),
  /** An owner showed or hid the "double opt-in by optline" footer and title suffix. */
  "organization.branding_changed": z.object({ showPoweredBy: z.boolean() }),

  // --- What people are shown: forms and audiences (organization chain) --------------------
  "audience.created": z.object({ audienceId: z.string(), name: text }),
  "audience.updated": z.object({ audienceId: z.string(), changes: fieldChanges }),
  "form.created": z.object({
    formId: z.string(),
    name: text,
    slug: z.string(),
    kind: z.enum(["SIGNUP", "ENROLLMENT"]),
    audienceId: z.string(),
  }),
  /** Name, address or the sites allowed to embed it. */
  "form.settings_changed": z.object({ formId: z.string(), name: text, changes: fieldChanges }),
  /** A new version went live: what people see and consent to from now on. */
  "form.published": z.object({
    formId: z.string(),
    name: text,
    slug: z.string(),
    versionId: z.string(),
    version: z.number().int(),
    consentTextSha256: sha256,
    /** The version it replaces, null for the first. */
    previousVersion: z.number().int().nullable(),
    previousConsentTextSha256: sha256.nullable(),
    /** Content fields that differ from the previous version (all of them for the first). */
    changedFields: z.array(z.string()),
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

/** The forms these events mention, to look up their names. */
export function formIdsOf(events: (ParsedEvent | null)[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    if (event && "formId" in event.data && typeof event.data.formId === "string")
      ids.add(event.data.formId);
  }
  return [...ids];
}
