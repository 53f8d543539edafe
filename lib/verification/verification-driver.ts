// Which driver sends and checks codes: optline's own (a 6-digit code in an ordinary SMS
// through the outbox) or Twilio Verify when TWILIO_VERIFY_SERVICE_SID is set.
import "server-only";
import { getEnv, type Env } from "@/lib/env";
import {
  createTwilioVerifyClient,
  type VerifyChannel,
  type VerifyClient,
} from "@/lib/sms/providers/twilio-verify";

export type VerificationProvider = "optline" | "twilio_verify";

export function verificationProvider(env: Env = getEnv()): VerificationProvider {
  return env.TWILIO_VERIFY_SERVICE_SID ? "twilio_verify" : "optline";
}

/** Channels a person can ask for: voice and WhatsApp need Twilio Verify. */
export function availableChannels(env: Env = getEnv()): VerifyChannel[] {
  return verificationProvider(env) === "twilio_verify" ? ["sms", "call", "whatsapp"] : ["sms"];
}

// Cached per parsed environment, so that tests switching env get a fresh client.
let cached: { env: Env; client: VerifyClient } | undefined;

export function getVerifyClient(): VerifyClient {
  const env = getEnv();
  if (!cached || cached.env !== env) cached = { env, client: createTwilioVerifyClient(env) };
  return cached.client;
}
