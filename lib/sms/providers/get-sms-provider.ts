import { getEnv } from "@/lib/env";
import { createDevProvider } from "./dev-provider";
import type { SmsProvider } from "./sms-provider";
import { createTwilioProvider } from "./twilio-provider";

let cached: SmsProvider | undefined;

export function getSmsProvider(): SmsProvider {
  if (!cached) {
    const env = getEnv();
    cached =
      env.smsProvider === "twilio"
        ? createTwilioProvider(env)
        : createDevProvider(env.DEV_SMS_FROM_NUMBER);
  }
  return cached;
}

/** Tests switch providers between cases. */
export function resetSmsProvider(): void {
  cached = undefined;
}
