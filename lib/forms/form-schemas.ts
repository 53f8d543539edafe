import { z } from "zod";
import { LOCALES } from "@/lib/i18n/locales";
import { isCountryCode } from "@/lib/phone/normalize-phone";

export const ZCreateFormSchema = z.object({
  name: z.string().trim().min(1, "Name the form").max(80),
  audienceId: z.string().min(1, "Choose an audience"),
  programName: z.string().trim().min(2, "Name the program (2–40 characters)").max(40),
  locale: z.enum(LOCALES).default("en"),
  defaultCountry: z
    .string()
    .trim()
    .toUpperCase()
    .refine((value): boolean => isCountryCode(value), "Choose a country"),
  /** SIGNUP: marketing list signup. ENROLLMENT: 2FA phone verification, marketing optional. */
  kind: z.enum(["SIGNUP", "ENROLLMENT"]).default("SIGNUP"),
});
export type TCreateFormSchema = z.infer<typeof ZCreateFormSchema>;

const origin = z
  .string()
  .trim()
  .transform((value) => value.replace(/\/+$/, ""))
  .refine(
    (value) => /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(value),
    "Use an origin such as https://shop.example.com",
  );

export const ZFormSettingsSchema = z.object({
  name: z.string().trim().min(1, "Name the form").max(80),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,46}[a-z0-9]$/, "3–48 lowercase letters, digits or hyphens"),
  allowedOrigins: z.array(origin).max(20).default([]),
});
export type TFormSettingsSchema = z.infer<typeof ZFormSettingsSchema>;
