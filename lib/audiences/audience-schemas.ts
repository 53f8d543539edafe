import { z } from "zod";

export const ZAudienceSchema = z.object({
  name: z.string().trim().min(1, "Name the audience").max(80, "At most 80 characters"),
  description: z.string().trim().max(500).default(""),
});
export type TAudienceSchema = z.infer<typeof ZAudienceSchema>;
