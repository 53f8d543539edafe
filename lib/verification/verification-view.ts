// What the form and the API are told about a pending verification. Never the code.
import type { VerificationCode } from "@/lib/generated/prisma/client";
import type { VerifyChannel } from "@/lib/sms/providers/twilio-verify";
import { MAX_WRONG_ATTEMPTS, resendAvailableAt } from "./code-policy";

export interface VerificationView {
  verificationId: string;
  status: "pending" | "approved" | "expired" | "failed" | "canceled";
  /** "code 2 of today": the number the SMS shows, so a late SMS is not mistaken for this one. */
  sequence: number;
  channel: string;
  sentAt: string;
  expiresAt: string;
  resendAvailableAt: string;
  attemptsLeft: number;
  /** Channels the person may ask for on resend. */
  channels: VerifyChannel[];
}

export function toVerificationView(
  row: VerificationCode,
  channels: VerifyChannel[],
): VerificationView {
  return {
    verificationId: row.id,
    status: row.status.toLowerCase() as VerificationView["status"],
    sequence: row.sequence,
    channel: row.channel,
    sentAt: row.lastSentAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    resendAvailableAt: resendAvailableAt(row.lastSentAt).toISOString(),
    attemptsLeft: Math.max(0, MAX_WRONG_ATTEMPTS - row.attempts),
    channels,
  };
}
