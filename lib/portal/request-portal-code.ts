// Step one of the privacy portal: the person enters their number and gets a code by SMS,
// through the same machinery as the signup and 2FA codes (lib/verification: HMAC-stored
// code, expiry, cooldown, 5 sends an hour, outbox) behind the same SMS pumping defences
// (lib/risk: blocks, rate limits, detectors).
//
// A code goes only to a number that is on one of the organization's lists (or was): the
// portal texts nobody else, so it cannot be used to send texts to strangers at the
// organization's expense. Whether a number is on a list is not told either: an unknown
// number gets the same answer, with a code that can never be right.
import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { db } from "@/lib/db/client";
import type { RequestContext } from "@/lib/http/request-context";
import type { Locale } from "@/lib/i18n/locales";
import { maskPhone, normalizePhone, type PhoneErrorCode } from "@/lib/phone/normalize-phone";
import { enforceRateLimits } from "@/lib/rate-limit/check-rate-limit";
import { assessCodeRequest } from "@/lib/risk/assess-phone-request";
import { expiresAtFor, resendAvailableAt } from "@/lib/verification/code-policy";
import {
  assertCanSend,
  lastSendTo,
  newVerificationId,
  sendCode,
} from "@/lib/verification/issue-code";
import { availableChannels } from "@/lib/verification/verification-driver";
import { toVerificationView, type VerificationView } from "@/lib/verification/verification-view";
import type { PortalOrganization } from "./find-portal-organization";

export const PORTAL_CODE_MINUTES = 10;
export const PORTAL_RATE_LIMITS = {
  /** Code requests and code checks from one IP, together. */
  perIp: { limit: 30, windowSeconds: 600 },
};

export type RequestPortalCodeResult =
  | { ok: true; phone: string; verification: VerificationView }
  | { ok: false; field: "phone"; code: PhoneErrorCode | null; message: string };

export async function requestPortalCode(options: {
  organization: PortalOrganization;
  phone: string;
  country: string;
  locale: Locale;
  context: RequestContext;
  now?: Date;
}): Promise<RequestPortalCodeResult> {
  const { organization, context, locale } = options;
  const now = options.now ?? new Date();
  await enforcePortalIpLimit(context);
  const phone = normalizePhone(options.phone, options.country);
  if (!phone.ok) return { ok: false, field: "phone", code: phone.code, message: phone.message };

  const known = await db.subscriber.findFirst({
    where: { organizationId: organization.id, phone: phone.e164, deletedAt: null },
    select: { id: true },
  });
  if (!known) return { ok: true, phone: maskPhone(phone.e164), verification: decoy(now) };

  const country = parsePhoneNumberFromString(phone.e164)?.country ?? phone.country;
  // The number is already on the organization's lists, so its country is one the
  // organization texts: the allow-list is that country; the rest of the defences apply.
  await assessCodeRequest({
    organizationId: organization.id,
    formId: null,
    ip: context.ip,
    phone: phone.e164,
    country,
    defaultCountry: country,
    allowedCountries: [country],
    now,
  });
  await assertCanSend({
    organizationId: organization.id,
    formId: null,
    phone: phone.e164,
    country,
    ip: context.ip,
    lastSentAt: await lastSendTo(organization.id, phone.e164),
    now,
  });
  const verification = await sendCode({
    target: {
      organizationId: organization.id,
      formId: null,
      subscriberId: null,
      phone: phone.e164,
      country,
      purpose: "portal",
      locale,
      programName: organization.name.slice(0, 40),
      expiryMinutes: PORTAL_CODE_MINUTES,
      capture: { ip: context.ip, userAgent: context.userAgent, pageUrl: null, referrer: null },
    },
    existing: null,
    channel: "sms",
    now,
    // Only the newest portal code counts: an older one arriving late is refused.
    before: async (tx) => {
      await tx.verificationCode.updateMany({
        where: {
          organizationId: organization.id,
          phone: phone.e164,
          purpose: "portal",
          status: "PENDING",
        },
        data: { status: "CANCELED" },
      });
    },
  });
  return {
    ok: true,
    phone: maskPhone(phone.e164),
    verification: toVerificationView(verification, availableChannels()),
  };
}

export async function enforcePortalIpLimit(context: RequestContext): Promise<void> {
  await enforceRateLimits(
    [{ key: `portal:ip:${context.ip ?? "unknown"}`, ...PORTAL_RATE_LIMITS.perIp }],
    "Too many attempts from your network. Try again later.",
  );
}

function decoy(now: Date): VerificationView {
  return {
    verificationId: newVerificationId(),
    status: "pending",
    sequence: 1,
    channel: "sms",
    sentAt: now.toISOString(),
    expiresAt: expiresAtFor(now, PORTAL_CODE_MINUTES).toISOString(),
    resendAvailableAt: resendAvailableAt(now).toISOString(),
    attemptsLeft: 5,
    channels: ["sms"],
  };
}
