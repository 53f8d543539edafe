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

/** A message the outbox started to send but has no answer for: what to look for at the provider. */
export interface FindSentSmsInput {
  to: string;
  body: string;
  /** The number or messaging service it was sent from. */
  sender: string;
  /** When the (last) send started. */
  since: Date;
}

export interface SmsProvider {
  name: "twilio" | "dev";
  /** The number or messaging service messages are sent from. */
  sender: string;
  send(input: SendSmsInput): Promise<SendSmsResult>;
  /**
   * The provider's record of a message it accepted from us, or null if it has none. Asked
   * before a message whose send may have happened (the process died, the database or the
   * network failed after the request went out) is sent again. Throws if it cannot tell.
   */
  findSent(input: FindSentSmsInput): Promise<SendSmsResult | null>;
}

/**
 * A send that failed. `retryable` errors are tried again by the outbox. `outcomeUnknown`: the
 * request may have reached the provider (a timeout, a dropped connection), so the outbox looks
 * it up there before trying again.
 */
export class SmsSendError extends Error {
  readonly code: number | null;
  readonly retryable: boolean;
  readonly outcomeUnknown: boolean;

  constructor(
    message: string,
    options: { code: number | null; retryable: boolean; outcomeUnknown?: boolean },
  ) {
    super(message);
    this.name = "SmsSendError";
    this.code = options.code;
    this.retryable = options.retryable;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
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
