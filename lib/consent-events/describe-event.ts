// Turns a consent event into a plain sentence and labelled details, for the timeline and
// the proof document.
import { CANCEL_REASON_LABELS } from "@/lib/sms/cancel-reasons";
import type { ParsedEvent, TInboundSmsEvidence } from "./event-types";

export interface EventDescription {
  title: string;
  details: [label: string, value: string][];
}

const KIND_LABELS: Record<string, string> = {
  confirmation: "Confirmation",
  notice: "Notice",
  reply: "Reply",
  code: "Verification code",
};

const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind;

const ERASURE_REASON_LABELS = {
  request: "asked for by the person",
  staff: "by staff",
  retention: "never confirmed, past the retention period",
} as const;

/** How an inbound text reached us, in words: a Dev phone reply is no carrier message. */
export function inboundChannelLabel(inbound: Pick<TInboundSmsEvidence, "channel">): string {
  return inbound.channel === "dev_phone"
    ? "Dev phone (typed by a staff member, not from the phone)"
    : "SMS (carrier webhook)";
}

function changeDetails(
  changes: Record<string, { from: string | null; to: string | null }>,
): [string, string][] {
  return Object.entries(changes).map(([field, change]) => [
    field,
    `${change.from || "—"} → ${change.to || "—"}`,
  ]);
}

export interface DescribeContext {
  /** Forms by id, to name a form by its name (its address can change and says little). */
  formNames?: ReadonlyMap<string, string>;
}

export function describeEvent(event: ParsedEvent, context: DescribeContext = {}): EventDescription {
  switch (event.type) {
    case "signup.submitted": {
      const d = event.data;
      const form = context.formNames?.get(d.formId) ?? d.formSlug;
      const title =
        d.outcome === "repeat_pending"
          ? `Submitted form “${form}” again while pending`
          : d.outcome === "already_confirmed"
            ? `Submitted form “${form}” again while already subscribed`
            : `Signed up on form “${form}” (version ${d.formVersion}) and ticked the marketing consent box`;
      return {
        title,
        details: [
          ["Form address", `/f/${d.formSlug}`],
          ["Phone", d.phone],
          ["Page", d.pageUrl ?? "—"],
          ["Referrer", d.referrer ?? "—"],
          ["Embedded", d.embedded ? "yes" : "no"],
          ["Consent text SHA-256", d.consentTextSha256],
          ["Checkbox", "started unchecked, ticked by the person"],
          ["Button", d.buttonLabel],
          [
            "Anti-fraud",
            d.antiFraud.signals.length
              ? `${d.antiFraud.result}: ${d.antiFraud.signals.join(", ")}`
              : d.antiFraud.result,
          ],
          // What was true at submission; the SMS events that follow say what became of it.
          [
            "Confirmation SMS at submission",
            d.confirmationQueued
              ? "queued to be sent"
              : "not queued (one was sent less than a minute before)",
          ],
        ],
      };
    }
    case "sms.sent":
      return {
        title: `${kindLabel(event.data.kind)} SMS accepted by ${event.data.provider}`,
        details: [
          ["SID", event.data.sid],
          ["From", event.data.from],
          ["To", event.data.to],
          ["Body", event.data.body],
        ],
      };
    case "sms.failed":
      return {
        title: `${kindLabel(event.data.kind)} SMS could not be sent${event.data.willRetry ? "; will retry" : "; gave up"}`,
        details: [
          ["Error", event.data.errorMessage],
          ["Error code", event.data.errorCode === null ? "—" : String(event.data.errorCode)],
          ["Attempt", String(event.data.attempts)],
        ],
      };
    case "sms.canceled":
      return {
        title: `${kindLabel(event.data.kind)} SMS canceled before sending: ${CANCEL_REASON_LABELS[event.data.reason]}`,
        details: [
          ["Message", event.data.messageId],
          ["Purpose", event.data.purpose ?? "—"],
        ],
      };
    case "sms.delivery":
      return {
        title: `${kindLabel(event.data.kind)} SMS ${event.data.status.toLowerCase()}`,
        details: [
          ["SID", event.data.sid],
          ["Error code", event.data.errorCode === null ? "—" : String(event.data.errorCode)],
        ],
      };
    case "marketing.confirmed": {
      const reply = event.data.reply;
      return {
        title: reply
          ? `Confirmed marketing consent by replying “${reply.body.trim()}”`
          : "Confirmed marketing consent by code",
        details: reply
          ? [
              ["Reply SID", reply.sid],
              ["From", reply.from],
              ["To", reply.to],
              ["Received", reply.receivedAt],
              ["Channel", inboundChannelLabel(reply)],
              ["Signature verified", reply.signatureVerified ? "yes" : "no"],
              ["In answer to", event.data.confirmationSid ?? "—"],
            ]
          : [],
      };
    }
    case "marketing.revoked": {
      const d = event.data;
      const how =
        d.method === "keyword"
          ? `by texting ${d.keyword}`
          : d.method === "free_text"
            ? `by text: “${d.rawText ?? ""}”`
            : d.method === "portal"
              ? "on the privacy portal"
              : `by ${d.method}`;
      return {
        title: `Withdrew marketing consent ${how}`,
        details: [
          ["Method", d.method],
          ["Raw text", d.rawText ?? "—"],
          ["Inbound SID", d.inbound?.sid ?? "—"],
          ...(d.inbound
            ? ([["Channel", inboundChannelLabel(d.inbound)]] as [string, string][])
            : []),
          ...(d.reason ? ([["Reason", d.reason]] as [string, string][]) : []),
          ["Processed", d.processedAt],
        ],
      };
    }
    case "marketing.regranted":
      return {
        title: `Subscribed again by texting ${event.data.keyword}`,
        details: [
          ["Inbound SID", event.data.inbound.sid],
          ["Raw text", event.data.inbound.body],
          ["Channel", inboundChannelLabel(event.data.inbound)],
        ],
      };
    case "help.requested":
      return {
        title: `Asked for help (“${event.data.inbound.body.trim()}”)`,
        details: [
          ["Inbound SID", event.data.inbound.sid],
          ["Channel", inboundChannelLabel(event.data.inbound)],
        ],
      };
    case "subscriber.added":
      return {
        title:
          event.data.method === "import"
            ? "Imported with consent evidence from another system"
            : "Added by staff with consent evidence",
        details: [
          ["Original consent", event.data.consent.originalConsentAt],
          ["Evidence", event.data.consent.evidence],
          ["Source", event.data.consent.source],
          ["Import", event.data.importId ?? "—"],
        ],
      };
    case "subscriber.updated":
      return {
        title: `Edited by staff: ${Object.keys(event.data.changes).join(", ")}`,
        details: changeDetails(event.data.changes),
      };
    case "subscriber.deleted":
      return {
        title: "Deleted by staff (evidence kept, never texted again)",
        details: [["Reason", event.data.reason]],
      };
    case "subscriber.erased":
      return {
        title: `Personal data erased (${ERASURE_REASON_LABELS[event.data.reason]}); the number is kept only as a hash on the suppression list`,
        details: [
          ["Events redacted", String(event.data.redactedEvents)],
          ["Chain intact before erasure", event.data.chainIntactBeforeErasure ? "yes" : "no"],
          ["Request", event.data.requestId ?? "—"],
        ],
      };
    case "privacy_request.approved":
      return {
        title: `Approved a privacy request (${event.data.kind})`,
        details: [
          ["Request", event.data.requestId],
          ["Note", event.data.note ?? "—"],
        ],
      };
    case "privacy_request.rejected":
      return {
        title: `Rejected a privacy request (${event.data.kind})`,
        details: [
          ["Request", event.data.requestId],
          ["Reason", event.data.note],
        ],
      };
    case "privacy_settings.changed":
      return {
        title: `Changed the privacy settings: ${Object.keys(event.data.changes).join(", ")}`,
        details: changeDetails(event.data.changes),
      };
    case "verification.code_sent":
      return {
        title: `Verification code ${event.data.sequence} of the day sent by ${event.data.channel}`,
        details: [
          ["Provider", event.data.provider],
          ["Sends", String(event.data.sends)],
          ["Expires", event.data.expiresAt],
        ],
      };
    case "verification.code_failed":
      return {
        title: `Verification failed: ${event.data.reason.replace(/_/g, " ")}`,
        details: [["Attempts", String(event.data.attempts)]],
      };
    case "verification.approved":
      return {
        title: `Phone verified by code (${event.data.channel})`,
        details: [["Provider", event.data.provider]],
      };
    case "verification.granted":
      return {
        title: "Gave consent to receive verification codes (2FA)",
        details: [
          ["Method", event.data.method],
          ["Consent text", event.data.consentText ?? "—"],
        ],
      };
    case "verification.revoked":
      return {
        title:
          event.data.method === "portal"
            ? "Withdrew consent to verification codes on the privacy portal"
            : `Withdrew consent to verification codes (by ${event.data.method})`,
        details: [["Reason", event.data.reason ?? "—"]],
      };
    case "marketing.granted":
      if (event.data.method === "keyword" && event.data.inbound) {
        const inbound = event.data.inbound;
        return {
          title: `Texted the opt-in keyword ${event.data.keyword ?? inbound.body.trim()} to ${inbound.to} (confirmation pending)`,
          details: [
            ["Inbound SID", inbound.sid],
            ["Raw text", inbound.body],
            ["From", inbound.from],
            ["To", inbound.to],
            ["Received", inbound.receivedAt],
            ["Channel", inboundChannelLabel(inbound)],
            ["Signature verified", inbound.signatureVerified ? "yes" : "no"],
          ],
        };
      }
      return {
        title: `Gave marketing consent (${event.data.method}, box started unchecked)`,
        details: [
          ["Consent text SHA-256", event.data.consentTextSha256 ?? "—"],
          ["Page", event.data.pageUrl ?? "—"],
        ],
      };
    case "export.created":
      return {
        title:
          event.data.rowCount === null
            ? `Export stopped before the end (${event.data.kind.replace("_", " ")}, ${event.data.format.toUpperCase()}): ${event.data.status}`
            : `Exported ${event.data.rowCount} rows (${event.data.kind.replace("_", " ")}, ${event.data.format.toUpperCase()}): ${event.data.status}`,
        details: [
          ["Export", event.data.exportId],
          ["SHA-256", event.data.sha256 ?? "—"],
          ["Filters", JSON.stringify(event.data.filters)],
        ],
      };
    case "member.added":
      return {
        title: `Added ${event.data.email} as ${event.data.role.toLowerCase()}`,
        details: [],
      };
    case "member.role_changed":
      return {
        title: `Changed ${event.data.email} from ${event.data.from.toLowerCase()} to ${event.data.to.toLowerCase()}`,
        details: [],
      };
    case "member.removed":
      return {
        title: `Removed ${event.data.email} (${event.data.role.toLowerCase()})`,
        details: [],
      };
    case "member.invited":
      return {
        title: `Invited ${event.data.email} as ${event.data.role.toLowerCase()}`,
        details: [
          ["Invitation", event.data.invitationId],
          ["Link expires", event.data.expiresAt],
        ],
      };
    case "member.invitation_revoked":
      return {
        title: `${event.data.reason === "replaced" ? "Replaced" : "Revoked"} the invitation of ${event.data.email}`,
        details: [["Invitation", event.data.invitationId]],
      };
    case "member.joined":
      return {
        title: `${event.data.email} accepted the invitation and joined as ${event.data.role.toLowerCase()}`,
        details: [
          ["Invitation", event.data.invitationId],
          ["Account", event.data.newAccount ? "created with the invitation" : "existing"],
        ],
      };
    case "api_key.created":
      return {
        title: `Created API key “${event.data.name}” (${event.data.scopes.join(", ")})`,
        details: [["Prefix", event.data.prefix]],
      };
    case "api_key.revoked":
      return { title: `Revoked API key “${event.data.name}”`, details: [] };
    case "risk_block.removed":
      return {
        title: `Lifted the ${event.data.kind} block on ${event.data.value}`,
        details: [
          ["Blocked for", event.data.reason],
          ["Would have ended", event.data.wouldHaveEndedAt],
        ],
      };
    case "webhook_endpoint.created":
      return {
        title: `Added webhook endpoint ${event.data.url}`,
        details: [["Events", event.data.eventTypes.join(", ")]],
      };
    case "webhook_endpoint.updated":
      return {
        title: `Changed webhook endpoint ${event.data.url}`,
        details: [
          ["Changed", event.data.changes.join(", ")],
          ["State", event.data.enabled ? "on" : "off"],
        ],
      };
    case "webhook_endpoint.deleted":
      return { title: `Deleted webhook endpoint ${event.data.url}`, details: [] };
    case "sender.created":
      return {
        title: `Added sender “${event.data.name}”`,
        details: [
          ["Account", event.data.accountSid],
          ["Numbers", event.data.numbers.join(", ")],
        ],
      };
    case "sender.updated":
      return {
        title: `Changed sender “${event.data.name}”`,
        details: [["Changed", event.data.changes.join(", ")]],
      };
    case "sender.deleted":
      return { title: `Deleted sender “${event.data.name}”`, details: [] };
    case "sender.webhook_set":
      return {
        title: `Pointed the inbound webhook of sender “${event.data.name}” at optline`,
        details: [
          ["Set on", event.data.targets.join(", ")],
          ["URL", event.data.url],
        ],
      };
    case "organization.branding_changed":
      return {
        title: event.data.showPoweredBy
          ? "Turned on the “double opt-in by optline” footer on hosted forms"
          : "Turned off the “double opt-in by optline” footer on hosted forms",
        details: [],
      };
    case "audience.created":
      return { title: `Created audience “${event.data.name}”`, details: [] };
    case "audience.updated":
      return {
        title: `Edited audience: ${Object.keys(event.data.changes).join(", ")}`,
        details: changeDetails(event.data.changes),
      };
    case "form.created":
      return {
        title: `Created ${event.data.kind === "ENROLLMENT" ? "verification" : "signup"} form “${event.data.name}”`,
        details: [["Address", event.data.slug]],
      };
    case "form.settings_changed":
      return {
        title: `Changed the settings of form “${event.data.name}”: ${Object.keys(event.data.changes).join(", ")}`,
        details: changeDetails(event.data.changes),
      };
    case "form.published": {
      const d = event.data;
      const consentChanged = d.consentTextSha256 !== d.previousConsentTextSha256;
      return {
        title:
          d.previousVersion === null
            ? `Published form “${d.name}” (version ${d.version})`
            : `Published version ${d.version} of form “${d.name}”${consentChanged ? " with a new consent text" : ""}`,
        details: [
          ["Consent text SHA-256", d.consentTextSha256],
          [
            "Replaces",
            d.previousVersion === null
              ? "— (first version)"
              : `version ${d.previousVersion} (consent text SHA-256 ${d.previousConsentTextSha256})`,
          ],
          ["Changed", d.changedFields.length ? d.changedFields.join(", ") : "nothing"],
        ],
      };
    }
  }
}
