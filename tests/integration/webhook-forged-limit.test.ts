// The Twilio webhooks' per-IP limit applies to requests that fail the signature check only:
// Twilio's own traffic is never refused for its volume, a flood of forged requests is.
import { describe, expect, it } from "vitest";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { inboundSmsParams, signedTwilioRequest } from "../support/factories";

// MemoryRateLimiter(600, 60 s) in lib/sms/twilio-webhook.ts; a run may straddle a window.
const OVER_THE_LIMIT = 2 * 600 + 1;

function fromIp(request: Request, ip: string): Request {
  request.headers.set("x-forwarded-for", ip);
  return request;
}

describe("Twilio webhook rate limit", () => {
  it("never throttles signed requests, whatever their number", async () => {
    // Signed, but with a MessageSid that is not one: checked and refused (422) after the
    // signature, so that this volume costs no database work.
    const params = { ...inboundSmsParams("+12015550177", "YES"), MessageSid: "not-a-sid" };
    const statuses = new Set<number>();
    for (let i = 0; i < OVER_THE_LIMIT; i++) {
      const response = await smsWebhook(
        fromIp(signedTwilioRequest("/api/webhooks/twilio/sms", params), "54.172.60.10"),
      );
      statuses.add(response.status);
    }
    expect([...statuses]).toEqual([422]);
  });

  it("refuses a flood of forged requests with 429 after 403s", async () => {
    const params = inboundSmsParams("+12015550178", "YES");
    const statuses: number[] = [];
    for (let i = 0; i < OVER_THE_LIMIT; i++) {
      const response = await smsWebhook(
        fromIp(signedTwilioRequest("/api/webhooks/twilio/sms", params, "forged"), "198.51.100.66"),
      );
      statuses.push(response.status);
    }
    expect(statuses[0]).toBe(403);
    expect(statuses.at(-1)).toBe(429);
    expect(new Set(statuses)).toEqual(new Set([403, 429]));
  });
});
