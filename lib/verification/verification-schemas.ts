// Requests of the verification endpoints, shared by the public form (client) and the routes.
import { z } from "zod";

export const VERIFICATION_BODY_MAX_BYTES = 8 * 1024;

const channel = z.enum(["sms", "call", "whatsapp"], {
  error: "Choose sms, call or whatsapp.",
});

/** Start a verification on an enrollment (2FA) form: API (with formId) or the public form. */
export const ZStartVerificationSchema = z.object({
  formId: z.string().trim().min(1, "Give the enrollment form's id.").max(64),
  phone: z.string().max(40, "That number is too long."),
  country: z.string().trim().toUpperCase().length(2, "Choose the country of your number."),
  channel: channel.default("sms"),
  /** A device token from an earlier approval: the same number on a known device skips the code. */
  deviceToken: z.string().max(300).optional(),
  pageUrl: z.string().max(2000).nullish(),
  referrer: z.string().max(2000).nullish(),
  embedded: z.boolean().default(false),
  /** Honeypot (public form): hidden from people, filled in by bots. */
  company: z.string().max(200).optional(),
});
export type TStartVerificationSchema = z.input<typeof ZStartVerificationSchema>;

export const ZCheckVerificationSchema = z.object({
  code: z.string().max(20, "Enter the 6-digit code."),
  /** Enrollment only: the 2FA consent must be ticked; marketing is optional. */
  consents: z
    .object({
      verification: z.boolean().default(false),
      marketing: z.boolean().default(false),
    })
    .default({ verification: false, marketing: false }),
  /** The form version the person saw (public form); defaults to the latest published one. */
  formVersionId: z.string().max(64).optional(),
  pageUrl: z.string().max(2000).nullish(),
});
export type TCheckVerificationSchema = z.input<typeof ZCheckVerificationSchema>;

export const ZResendVerificationSchema = z.object({ channel: channel.default("sms") });
