import { z } from "zod";

export const ZSignUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter a valid email address"))
    .pipe(z.string().max(254)),
  password: z.string().min(10, "Use at least 10 characters").max(200, "At most 200 characters"),
  organizationName: z.string().trim().min(2, "Name your organization").max(100),
});
export type TSignUpSchema = z.infer<typeof ZSignUpSchema>;

export const ZSignInSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(200),
});
