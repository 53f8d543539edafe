// Points the app at a fake Twilio API for a test: the Twilio variables in process.env, then the
// env and SMS-provider caches reset. Returns the function that puts the variables back.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { resetSmsProvider } from "@/lib/sms/providers/get-sms-provider";
import { FakeTwilio as FakeTwilioServer, type FakeTwilio } from "./fake-twilio";
import { FAKE_TWILIO_ACCOUNT_SID, FAKE_TWILIO_AUTH_TOKEN } from "./test-env";

const TWILIO_VARIABLES = [
  "SMS_PROVIDER",
  "TWILIO_ACCOUNT_SID",
  "TWILIO_AUTH_TOKEN",
  "TWILIO_API_URL",
  "TWILIO_FROM_NUMBER",
  "TWILIO_MESSAGING_SERVICE_SID",
  "TWILIO_VERIFY_SERVICE_SID",
] as const;

/** `settings`: the sender (a number or a messaging service) and any other Twilio variable. */
export function useFakeTwilio(
  twilio: FakeTwilio,
  settings: Partial<Record<(typeof TWILIO_VARIABLES)[number], string>> = {
    TWILIO_FROM_NUMBER: "+12025550000",
  },
): () => void {
  const saved = Object.fromEntries(TWILIO_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of TWILIO_VARIABLES) delete process.env[name];
  Object.assign(process.env, {
    SMS_PROVIDER: "twilio",
    TWILIO_ACCOUNT_SID: FAKE_TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FAKE_TWILIO_AUTH_TOKEN,
    TWILIO_API_URL: twilio.url,
    ...settings,
  });
  resetEnvCache();
  resetSmsProvider();
  return () => {
    for (const name of TWILIO_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    resetEnvCache();
    resetSmsProvider();
  };
}

/** A fake Twilio for a whole test file: started and installed first, reset before each test, removed at the end. */
export function fakeTwilioForFile(
  settings?: Parameters<typeof useFakeTwilio>[1],
): FakeTwilioServer {
  const twilio = new FakeTwilioServer({
    accountSid: FAKE_TWILIO_ACCOUNT_SID,
    authToken: FAKE_TWILIO_AUTH_TOKEN,
  });
  let restore = () => {};
  beforeAll(async () => {
    await twilio.start();
    restore = useFakeTwilio(twilio, settings);
  });
  afterAll(async () => {
    restore();
    await twilio.stop();
  });
  beforeEach(() => twilio.reset());
  return twilio;
}
