// The installation's default sender as a person reads it: the number texts come from, or the
// Twilio messaging service when a pool of numbers sends.
import "server-only";
import { getEnv } from "@/lib/env";

export function defaultSenderLabel(): string {
  const env = getEnv();
  if (env.smsProvider === "dev") return env.DEV_SMS_FROM_NUMBER;
  return env.TWILIO_FROM_NUMBER ?? `Twilio messaging service ${env.TWILIO_MESSAGING_SERVICE_SID}`;
}
