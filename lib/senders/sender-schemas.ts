// One schema per sender input, shared by the dashboard form and the server.
import { z } from "zod";

export const SENDER_NUMBER_TYPES = [
  "LONG_CODE",
  "TOLL_FREE",
  "SHORT_CODE",
  "MESSAGING_SERVICE",
] as const;

/** E.164 (+12025550123) or a short code (3 to 8 digits), as Twilio writes them in `To`. */
const ZSenderPhone = z
  .string()
  .trim()
  .regex(
    /^(\+[1-9]\d{6,14}|\d{3,8})$/,
    "Write each number in E.164 (+12025550123) or a short code",
  );

/** Numbers one per line or separated by commas or spaces. */
const ZSenderNumbers = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(/[\s,;]+/))
      .map((phone) => phone.trim())
      .filter(Boolean),
  )
  .pipe(z.array(ZSenderPhone).max(50, "At most 50 numbers per sender"))
  .transform((numbers) => [...new Set(numbers)]);

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

const ZSenderFields = z.object({
  name: z.string().trim().min(1, "Name the sender").max(80, "At most 80 characters"),
  accountSid: z
    .string()
    .trim()
    .regex(/^AC[0-9a-fA-F]{32}$/, "An Account SID is AC followed by 32 hexadecimal characters"),
  apiKeySid: optionalText.pipe(
    z
      .string()
      .regex(/^SK[0-9a-fA-F]{32}$/, "An API key SID is SK followed by 32 hexadecimal characters")
      .optional(),
  ),
  messagingServiceSid: optionalText.pipe(
    z
      .string()
      .regex(
        /^MG[0-9a-fA-F]{32}$/,
        "A messaging service SID is MG followed by 32 hexadecimal characters",
      )
      .optional(),
  ),
  numberType: z.enum(SENDER_NUMBER_TYPES),
  messagesPerSecond: z
    .union([z.literal(""), z.coerce.number()])
    .optional()
    .transform((value) => (value === "" || value === undefined ? null : value))
    .pipe(
      z
        .number()
        .int("A whole number of messages per second")
        .min(1, "At least 1 message per second")
        .max(1000, "At most 1000 messages per second")
        .nullable(),
    ),
  numbers: ZSenderNumbers,
});

const authToken = z
  .string()
  .trim()
  .regex(/^[0-9a-zA-Z]{16,64}$/, "The auth token is the 32 characters shown in Twilio's console");
const apiKeySecret = z
  .string()
  .trim()
  .min(16, "The API key secret is at least 16 characters")
  .max(128);

function checkSender(
  value: {
    numbers: string[];
    messagingServiceSid?: string;
    numberType: (typeof SENDER_NUMBER_TYPES)[number];
  },
  ctx: z.RefinementCtx,
) {
  if (value.numbers.length === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["numbers"],
      message:
        "List the numbers that receive texts (those of the messaging service too): replies are routed by them",
    });
  }
  if (value.numberType === "MESSAGING_SERVICE" && !value.messagingServiceSid) {
    ctx.addIssue({
      code: "custom",
      path: ["messagingServiceSid"],
      message: "A messaging service sender needs its Messaging Service SID",
    });
  }
}

export const ZCreateSenderSchema = ZSenderFields.extend({
  authToken,
  apiKeySecret: optionalText.pipe(apiKeySecret.optional()),
}).superRefine((value, ctx) => {
  checkSender(value, ctx);
  if (value.apiKeySid && !value.apiKeySecret)
    ctx.addIssue({ code: "custom", path: ["apiKeySecret"], message: "Give the API key's secret" });
});
export type TCreateSenderSchema = z.input<typeof ZCreateSenderSchema>;

/** Editing: an empty token or secret keeps the stored one. */
export const ZUpdateSenderSchema = ZSenderFields.extend({
  authToken: optionalText.pipe(authToken.optional()),
  apiKeySecret: optionalText.pipe(apiKeySecret.optional()),
}).superRefine(checkSender);
export type TUpdateSenderSchema = z.input<typeof ZUpdateSenderSchema>;
