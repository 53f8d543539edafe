import { z } from "zod";

export const SUBSCRIBER_STATUSES = [
  "PENDING",
  "CONFIRMED",
  "UNSUBSCRIBED",
  "NOT_SUBSCRIBED",
] as const;

export const ZSubscriberListQuerySchema = z.object({
  audienceId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "Unknown audience")
    .optional(),
  status: z.enum(SUBSCRIBER_STATUSES).optional(),
  phone: z.string().trim().max(40).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type TSubscriberListQuerySchema = z.infer<typeof ZSubscriberListQuerySchema>;
