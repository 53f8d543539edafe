// "Send a new code" (optionally by voice call or WhatsApp with Twilio Verify), without
// re-entering anything: same verification id, a new code with the next "code N of today",
// fresh attempts and expiry. At most one send per 30 s and 5 per number per hour.
import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode, parseInput } from "@/lib/errors";
import type { RequestContext } from "@/lib/http/request-context";
import { toLocale } from "@/lib/i18n/locales";
import { assessCodeRequest } from "@/lib/risk/assess-phone-request";
import { clampExpiryMinutes } from "./code-policy";
import { assertCanSend, sendCode } from "./issue-code";
import { availableChannels } from "./verification-driver";
import { getVerificationForm } from "./verification-form";
import { ZResendVerificationSchema } from "./verification-schemas";
import { toVerificationView, type VerificationView } from "./verification-view";

export async function resendVerification(options: {
  verificationId: string;
  input: unknown;
  /** API callers: only their organization's verifications exist. */
  organizationId?: string;
  context: RequestContext;
  now?: Date;
}): Promise<VerificationView> {
  const now = options.now ?? new Date();
  const { channel } = parseInput(ZResendVerificationSchema, options.input ?? {});
  if (!/^[\w-]{1,64}$/.test(options.verificationId)) throw AppError.notFound("Verification");
  const row = await db.verificationCode.findFirst({
    where: {
      id: options.verificationId,
      ...(options.organizationId ? { organizationId: options.organizationId } : {}),
    },
  });
  if (!row) throw AppError.notFound("Verification");
  if (row.status === "APPROVED")
    throw new AppError(ErrorCode.CONFLICT, "This number is already verified.");
  if (row.status === "CANCELED")
    throw new AppError(ErrorCode.CONFLICT, "A newer verification replaced this one.");

  const { version } = await getVerificationForm({
    organizationId: row.organizationId,
    formId: row.formId,
  });
  const country = parsePhoneNumberFromString(row.phone)?.country ?? null;
  // SMS pumping defences (lib/risk); an API call's IP is the business's server, not the person's.
  await assessCodeRequest({
    organizationId: row.organizationId,
    formId: row.formId,
    ip: options.organizationId ? null : options.context.ip,
    phone: row.phone,
    country: country ?? version.defaultCountry,
    defaultCountry: version.defaultCountry,
    allowedCountries: version.allowedCountries,
    now,
  });
  await assertCanSend({
    organizationId: row.organizationId,
    formId: row.formId,
    phone: row.phone,
    country,
    ip: options.context.ip,
    lastSentAt: row.lastSentAt,
    now,
  });
  const verification = await sendCode({
    target: {
      organizationId: row.organizationId,
      formId: row.formId,
      subscriberId: row.subscriberId,
      phone: row.phone,
      country,
      purpose: row.purpose === "enrollment" ? "enrollment" : "signup",
      locale: toLocale(version.locale),
      programName: version.programName,
      transliterate: version.transliterate,
      expiryMinutes: clampExpiryMinutes(version.codeExpiryMinutes),
      capture: {
        ip: row.ip,
        userAgent: row.userAgent,
        pageUrl: row.pageUrl,
        referrer: row.referrer,
      },
    },
    existing: row,
    channel,
    now,
  });
  return toVerificationView(verification, availableChannels());
}
