// Why an outbound text was canceled instead of sent (Message.cancelReason and the
// `sms.canceled` evidence), with the words the timeline and the proof use.
export const CANCEL_REASONS = [
  "suppressed",
  "subscriber_deleted",
  "marketing_revoked",
  "no_marketing_consent",
  "unsubscribed",
  "not_pending",
  "verification_revoked",
  "code_not_current",
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const CANCEL_REASON_LABELS: Record<CancelReason, string> = {
  suppressed: "the number is on the suppression list",
  subscriber_deleted: "the subscriber was deleted",
  marketing_revoked: "marketing consent was withdrawn",
  no_marketing_consent: "there is no marketing consent",
  unsubscribed: "the number unsubscribed",
  not_pending: "the signup is no longer pending",
  verification_revoked: "consent to verification codes was withdrawn",
  code_not_current: "the code was replaced, used or expired",
};
