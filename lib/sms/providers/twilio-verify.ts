// Twilio Verify as the code driver: Twilio makes, sends (SMS, voice call, WhatsApp) and
// checks the code; optline keeps the verification row, the limits and the evidence. Uses the
// same SDK client as SMS, so TWILIO_API_URL redirects verify.twilio.com in tests too.
import twilio from "twilio";
import type { Env } from "@/lib/env";
import { createTwilioClient } from "./twilio-provider";

export const VERIFY_CHANNELS = ["sms", "call", "whatsapp"] as const;
export type VerifyChannel = (typeof VERIFY_CHANNELS)[number];

export interface VerifyStartResult {
  sid: string;
  status: string;
  channel: string;
}

export interface VerifyCheckResult {
  status: string;
  valid: boolean;
}

/** Why Twilio Verify refused, in terms the verification flow acts on. */
export type VerifyErrorKind =
  "invalid_parameter" | "max_check_attempts" | "max_send_attempts" | "not_found" | "unavailable";

export class VerifyError extends Error {
  constructor(
    message: string,
    readonly kind: VerifyErrorKind,
    readonly code: number | null,
  ) {
    super(message);
    this.name = "VerifyError";
  }
}

export interface VerifyClient {
  start(input: { to: string; channel: VerifyChannel; locale?: string }): Promise<VerifyStartResult>;
  check(input: { to: string; code: string }): Promise<VerifyCheckResult>;
}

export function createTwilioVerifyClient(env: Env): VerifyClient {
  const serviceSid = env.TWILIO_VERIFY_SERVICE_SID;
  if (!serviceSid) throw new Error("TWILIO_VERIFY_SERVICE_SID is not configured");
  const service = createTwilioClient(env).verify.v2.services(serviceSid);
  return {
    async start({ to, channel, locale }) {
      try {
        const verification = await service.verifications.create({
          to,
          channel,
          ...(locale ? { locale } : {}),
        });
        return {
          sid: verification.sid,
          status: verification.status,
          channel: verification.channel,
        };
      } catch (error) {
        throw toVerifyError(error);
      }
    },
    async check({ to, code }) {
      try {
        const check = await service.verificationChecks.create({ to, code });
        return { status: check.status, valid: Boolean(check.valid) };
      } catch (error) {
        throw toVerifyError(error);
      }
    },
  };
}

export function toVerifyError(error: unknown): VerifyError {
  if (error instanceof twilio.RestException) {
    const kind: VerifyErrorKind =
      error.code === 60200
        ? "invalid_parameter"
        : error.code === 60202
          ? "max_check_attempts"
          : error.code === 60203
            ? "max_send_attempts"
            : error.code === 20404 || error.status === 404
              ? "not_found"
              : "unavailable";
    return new VerifyError(error.message, kind, error.code ?? null);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new VerifyError(`Twilio Verify could not be reached: ${message}`, "unavailable", null);
}
