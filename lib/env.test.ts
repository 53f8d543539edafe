import { afterEach, describe, expect, it } from "vitest";
import { devSmsProductionWarning, getEnv, resetEnvCache } from "./env";

const saved = { ...process.env };

function withEnv(values: Record<string, string | undefined>) {
  for (const key of [
    "NODE_ENV",
    "SMS_PROVIDER",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_FROM_NUMBER",
    "ALLOW_DEV_SMS_IN_PRODUCTION",
    "AUTH_SECRET",
    "MAIL_PROVIDER",
    "SMTP_URL",
    "MAIL_FROM",
  ])
    delete process.env[key];
  // Mail has its own production rule; these tests are about SMS only.
  Object.assign(process.env, { AUTH_SECRET: "x".repeat(32), MAIL_PROVIDER: "dev", ...values });
  resetEnvCache();
}

afterEach(() => {
  process.env = { ...saved };
  resetEnvCache();
});

describe("the dev SMS provider in production", () => {
  it("is refused without Twilio settings, with a message that says what to set", () => {
    withEnv({ NODE_ENV: "production" });
    expect(() => getEnv()).toThrow(/TWILIO_ACCOUNT_SID[\s\S]*ALLOW_DEV_SMS_IN_PRODUCTION=true/);
    withEnv({ NODE_ENV: "production", SMS_PROVIDER: "dev" });
    expect(() => getEnv()).toThrow(/ALLOW_DEV_SMS_IN_PRODUCTION=true/);
  });

  it("runs when explicitly allowed, with a loud warning", () => {
    withEnv({ NODE_ENV: "production", ALLOW_DEV_SMS_IN_PRODUCTION: "true" });
    expect(getEnv().smsProvider).toBe("dev");
    expect(devSmsProductionWarning()).toMatch(/WARNING: the dev SMS provider is on in production/);
  });

  it("needs nothing in development, and says nothing", () => {
    withEnv({ NODE_ENV: "development" });
    expect(getEnv().smsProvider).toBe("dev");
    expect(devSmsProductionWarning()).toBeNull();
  });

  it("is not involved when Twilio is configured", () => {
    withEnv({
      NODE_ENV: "production",
      TWILIO_ACCOUNT_SID: `AC${"1".repeat(32)}`,
      TWILIO_AUTH_TOKEN: "token",
      TWILIO_FROM_NUMBER: "+12025550000",
    });
    expect(getEnv().smsProvider).toBe("twilio");
    expect(devSmsProductionWarning()).toBeNull();
  });
});
