import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { isValidTwilioSignature, publicWebhookUrl, signTwilioRequest } from "./twilio-signature";

// Twilio's documented algorithm, written out independently of the SDK.
function referenceSignature(token: string, url: string, params: Record<string, string>): string {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((key) => key + params[key])
      .join("");
  return createHmac("sha1", token).update(Buffer.from(data, "utf-8")).digest("base64");
}

const token = "12345";
const url = "https://optline.example.com/api/webhooks/twilio/sms";
const params = {
  MessageSid: `SM${"1".repeat(32)}`,
  From: "+12015550123",
  To: "+15005550006",
  Body: "YES ✓",
};

describe("Twilio request signatures", () => {
  it("signs exactly as Twilio documents it", () => {
    expect(signTwilioRequest(url, params, token)).toBe(referenceSignature(token, url, params));
  });

  it("accepts a correct signature", () => {
    const signature = referenceSignature(token, url, params);
    expect(isValidTwilioSignature({ signature, url, params, authToken: token })).toBe(true);
  });

  it("refuses a signature made with another token", () => {
    const signature = referenceSignature("other-token", url, params);
    expect(isValidTwilioSignature({ signature, url, params, authToken: token })).toBe(false);
  });

  it("refuses when any parameter changed after signing", () => {
    const signature = referenceSignature(token, url, params);
    expect(
      isValidTwilioSignature({
        signature,
        url,
        params: { ...params, Body: "STOP" },
        authToken: token,
      }),
    ).toBe(false);
    expect(
      isValidTwilioSignature({
        signature,
        url,
        params: { ...params, Extra: "1" },
        authToken: token,
      }),
    ).toBe(false);
  });

  it("refuses a signature for another URL", () => {
    const signature = referenceSignature(
      token,
      "https://evil.example.net/api/webhooks/twilio/sms",
      params,
    );
    expect(isValidTwilioSignature({ signature, url, params, authToken: token })).toBe(false);
  });

  it("refuses a missing signature", () => {
    expect(isValidTwilioSignature({ signature: null, url, params, authToken: token })).toBe(false);
  });
});

describe("publicWebhookUrl", () => {
  const saved = process.env.PUBLIC_BASE_URL;
  beforeEach(() => {
    process.env.PUBLIC_BASE_URL = "https://sms.example.com/";
    resetEnvCache();
  });
  afterEach(() => {
    process.env.PUBLIC_BASE_URL = saved;
    resetEnvCache();
  });

  it("uses the configured public origin, never the Host the request came in on", () => {
    expect(publicWebhookUrl("http://10.0.0.5:3000/api/webhooks/twilio/status?messageId=abc")).toBe(
      "https://sms.example.com/api/webhooks/twilio/status?messageId=abc",
    );
  });
});
