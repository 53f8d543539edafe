// Twilio Verify as an outbox transport: a signup code row in the outbox whose "send" asks
// Twilio Verify to make and text the code. So the signup answers without waiting for Twilio,
// an outage leaves the send queued, and the consent rule is checked at send time as for any
// other text.
import "server-only";
import type { Message } from "@/lib/generated/prisma/client";
import { getVerifyClient } from "@/lib/verification/verification-driver";
import { SmsSendError, type SendSmsResult } from "./sms-provider";
import { VerifyError } from "./twilio-verify";

export const VERIFY_PROVIDER = "twilio_verify";

/** What the outbox row holds instead of a body: Twilio writes the text. */
export const VERIFY_PLACEHOLDER_BODY = "(code sent by Twilio Verify)";

export async function sendWithVerify(message: Message): Promise<SendSmsResult> {
  try {
    const started = await getVerifyClient().start({ to: message.to, channel: "sms" });
    return { sid: started.sid, status: "ACCEPTED", providerStatus: started.status, from: null };
  } catch (error) {
    if (!(error instanceof VerifyError)) throw error;
    const retryable = error.kind === "unavailable";
    throw new SmsSendError(error.message, {
      code: error.code,
      retryable,
      // No answer from Twilio at all: it may have started the verification.
      outcomeUnknown: retryable && error.code === null,
    });
  }
}
