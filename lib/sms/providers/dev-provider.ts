// Development provider: nothing leaves the machine. The message row itself is the "phone":
// the dashboard's Dev phone shows it, and replies from there go through the signed webhook.
import { randomBytes } from "node:crypto";
import type { SmsProvider } from "./sms-provider";

export function createDevProvider(fromNumber: string): SmsProvider {
  return {
    name: "dev",
    sender: fromNumber,
    async send() {
      return {
        sid: devMessageSid(),
        status: "DELIVERED",
        providerStatus: "delivered",
        from: fromNumber,
      };
    },
    // Nothing leaves the machine: a dev send either finished (and was recorded) or never was.
    async findSent() {
      return null;
    },
  };
}

/** A SID in Twilio's format: "SM" + 32 hex characters. */
export function devMessageSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}
