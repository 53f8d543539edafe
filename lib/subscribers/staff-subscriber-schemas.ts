import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locales";

const pastTime = z.coerce
  .date({ error: "Enter when the person consented" })
  .refine(
    (date) => date.getTime() <= Date.now() + 60_000,
    "The consent date cannot be in the future",
  );

/** Consent evidence a staff member holds from elsewhere (paper form, another system…). */
export const ZConsentEvidenceSchema = z.object({
  originalConsentAt: pastTime,
  evidence: z
    .string()
    .trim()
    .min(5, "Describe the evidence (a document, URL or record id)")
    .max(1000),
  source: z.string().trim().min(2, "Name the source, e.g. “In-store tablet”").max(200),
});

export const ZAddSubscriberSchema = ZConsentEvidenceSchema.extend({
  audienceId: z.string().min(1, "Choose an audience"),
  phone: z.string().max(40),
  country: z.string().trim().toUpperCase().length(2, "Choose a country"),
  locale: z.enum(LOCALES).default("en"),
});
export type TAddSubscriberSchema = z.infer<typeof ZAddSubscriberSchema>;

export const ZUpdateSubscriberSchema = z.object({ locale: z.enum(LOCALES) });

export const ZDeleteSubscriberSchema = z.object({
  reason: z.string().trim().min(3, "Say why (kept with the evidence)").max(500),
});
