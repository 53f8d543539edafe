// Environment shared by integration tests and the Playwright server. Test-only values.
export const TEST_ENV = {
  NODE_ENV: "test",
  AUTH_SECRET: "test-only-auth-secret-0123456789abcdef",
  PUBLIC_BASE_URL: "http://optline.test",
  SMS_PROVIDER: "dev",
  DEV_SMS_FROM_NUMBER: "+15005550006",
} as const;

export const FAKE_TWILIO_ACCOUNT_SID = `AC${"1".repeat(32)}`;
export const FAKE_TWILIO_AUTH_TOKEN = "fake-twilio-auth-token-for-tests";
