// The public signup request, shared by the form (client) and the API route (server).
import { z } from "zod";
import type { VerificationView } from "@/lib/verification/verification-view";

export const SIGNUP_BODY_MAX_BYTES = 8 * 1024;

export const ZSignupRequestSchema = z.object({
  phone: z.string().max(40, "That number is too long."),
  country: z.string().trim().toUpperCase().length(2, "Choose the country of your number."),
  marketingConsent: z.literal(true, { error: "Tick the box to agree to receive texts." }),
  /** The form version the person saw; defaults to the latest published one. */
  formVersionId: z.string().max(64).optional(),
  pageUrl: z.string().max(2000).nullish(),
  referrer: z.string().max(2000).nullish(),
  embedded: z.boolean().default(false),
  /** Honeypot: hidden from people, filled in by bots. */
  company: z.string().max(200).optional(),
});
export type TSignupRequestSchema = z.infer<typeof ZSignupRequestSchema>;

export interface SignupResponse {
  status: "pending";
  /** The number, partly masked, that the text went to. */
  phone: string;
  /** Forms that confirm by code: the code to type in ("code 2 of today, sent at 14:03"). */
  verification?: VerificationView;
}
