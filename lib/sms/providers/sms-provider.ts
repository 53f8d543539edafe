// What optline needs from an SMS provider. `twilio` is the real SDK; `dev` keeps messages in
// the database for the dashboard's Dev phone.
import type { MessageStatus } from "@/lib/generated/prisma/enums";

export interface SendSmsInput {
  to: string;
  body: string;
  statusCallbackUrl: string;
}

export interface SendSmsResult {
  sid: string;
  status: MessageStatus;
  providerStatus: string;
  /** The sender the provider used, when it says (a messaging service picks one itself). */
  from: string | null;
}

export interface SmsProvider {
  name: "twilio" | "dev";
  /** The number or messaging service messages are sent from. */
  sender: string;
  send(input: SendSmsInput): Promise<SendSmsResult>;
}

/** A send that did not happen. `retryable` errors are tried again by the outbox. */
export class SmsSendError extends Error {
  readonly code: number | null;
  readonly retryable: boolean;

  constructor(message: string, options: { code: number | null; retryable: boolean }) {
    super(message);
    this.name = "SmsSendError";
    this.code = options.code;
    this.retryable = options.retryable;
  }
}

/** Maps a Twilio message status to ours. Unknown statuses map to null (keep what we have). */
export function messageStatusFromProvider(status: string): MessageStatus | null {
  switch (status) {
    case "accepted":
    case "scheduled":
    case "queued":
    case "sending":
      return "ACCEPTED";
    case "sent":
      return "SENT";
    case "delivered":
    case "read":
      return "DELIVERED";
    case "undelivered":
      return "UNDELIVERED";
    case "failed":
    case "canceled":
      return "FAILED";
    case "received":
    case "receiving":
      return "RECEIVED";
    default:
      return null;
  }
}
