// Signup forms that confirm by code (verificationMethod CODE or BOTH): the code is issued in
// the signup's own transaction, next to the pending marketing consent it will confirm.
import "server-only";
import type { Tx } from "@/lib/db/types";
import type { SignupFormVersion, VerificationCode } from "@/lib/generated/prisma/client";
import { toLocale } from "@/lib/i18n/locales";
import { clampExpiryMinutes } from "./code-policy";
import { recordCodeSend, type CodeTarget } from "./issue-code";
import { availableChannels, verificationProvider } from "./verification-driver";
import { toVerificationView, type VerificationView } from "./verification-view";

export function usesCode(version: Pick<SignupFormVersion, "verificationMethod">): boolean {
  return version.verificationMethod === "CODE" || version.verificationMethod === "BOTH";
}

export async function issueSignupCode(
  tx: Tx,
  options: {
    version: SignupFormVersion;
    target: Omit<CodeTarget, "purpose" | "locale" | "programName" | "expiryMinutes">;
    now: Date;
  },
): Promise<{ verification: VerificationCode; messageId: string | null }> {
  const { version, target, now } = options;
  // Only the newest code of a signup counts: an older SMS arriving late is refused.
  if (target.subscriberId) {
    await tx.verificationCode.updateMany({
      where: { subscriberId: target.subscriberId, purpose: "signup", status: "PENDING" },
      data: { status: "CANCELED" },
    });
  }
  return recordCodeSend(tx, {
    target: {
      ...target,
      purpose: "signup",
      locale: toLocale(version.locale),
      programName: version.programName,
      transliterate: version.transliterate,
      expiryMinutes: clampExpiryMinutes(version.codeExpiryMinutes),
      marketingConsentRequested: true,
    },
    existing: null,
    provider: verificationProvider(),
    channel: "sms",
    providerSid: null,
    now,
  });
}

/** The code already out for this signup, when the form is submitted again within the cooldown. */
export async function pendingSignupCode(
  tx: Tx,
  subscriberId: string,
): Promise<VerificationCode | null> {
  return tx.verificationCode.findFirst({
    where: { subscriberId, purpose: "signup", status: "PENDING" },
    orderBy: { lastSentAt: "desc" },
  });
}

/** What the form shows: "code 2 of today, sent at 14:03". The code itself goes out through the outbox. */
export function signupCodeView(verification: VerificationCode): VerificationView {
  return toVerificationView(verification, availableChannels());
}
