import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";

export const ZEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address"))
  .pipe(z.string().max(254, "Use at most 254 characters"));

/** A new password. What it must not be (common, the email…) is checked on the server too. */
export const ZNewPasswordSchema = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

const name = z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters");
const organizationName = z
  .string()
  .trim()
  .min(2, "Name your organization")
  .max(100, "Use at most 100 characters");
const token = z.string().max(100);

export const ZSignUpSchema = z.object({
  name,
  email: ZEmailSchema,
  password: ZNewPasswordSchema,
  organizationName,
});
export type TSignUpSchema = z.infer<typeof ZSignUpSchema>;

export const ZSignInSchema = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().min(1).max(200),
});

/** The emailed sign-up link: the password chosen at sign-up proves it is the same person. */
export const ZCompleteSignUpSchema = z.object({
  token,
  password: z.string().min(1, "Enter your password").max(200),
});

export const ZPasswordResetRequestSchema = z.object({ email: ZEmailSchema });

export const ZResetPasswordSchema = z.object({ token, password: ZNewPasswordSchema });

export const ZChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
  newPassword: ZNewPasswordSchema,
});

export const ZInvitationSchema = z.object({
  email: ZEmailSchema,
  role: z.enum(Role, "Choose a role"),
});
export type TInvitationSchema = z.infer<typeof ZInvitationSchema>;

/** Accepting an invitation by creating an account (the email is the invitation's). */
export const ZAcceptInvitationWithAccountSchema = z.object({
  token,
  name,
  password: ZNewPasswordSchema,
});

export const ZCreateOrganizationSchema = z.object({ organizationName });
