// Start phone verification on an enrollment (2FA) form, for the business's own app (API key)
// or the hosted/embedded form (public). A valid device token for the same number skips the
// code entirely. Risk checks (blocks, allowed countries) belong right after the number is
// normalized.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode, parseInput } from "@/lib/errors";
import { getPublishedForm, type PublishedForm } from "@/lib/forms/get-published-form";
import type { RequestContext } from "@/lib/http/request-context";
import { toLocale } from "@/lib/i18n/locales";
import { maskPhone, normalizePhone } from "@/lib/phone/normalize-phone";
import { isPhoneSuppressed, SUPPRESSED_MESSAGE } from "@/lib/privacy/is-phone-suppressed";
import { enforceRateLimits } from "@/lib/rate-limit/check-rate-limit";
import { assessCodeRequest } from "@/lib/risk/assess-phone-request";
import { clampExpiryMinutes, expiresAtFor, resendAvailableAt } from "./code-policy";
import { verifyDeviceToken } from "./device-token";
import {
  assertCanSend,
  lastSendTo,
  newVerificationId,
  sendCode,
  verificationSecret,
} from "./issue-code";
import { availableChannels } from "./verification-driver";
import { ZStartVerificationSchema } from "./verification-schemas";
import { toVerificationView, type VerificationView } from "./verification-view";

export const VERIFICATION_RATE_LIMITS = { perIp: { limit: 20, windowSeconds: 600 } };

export type StartVerificationResult =
  | ({ status: "pending"; skipped: false; phone: string } & VerificationView)
  | { status: "approved"; skipped: true; subscriberId: string; phone: string };

export interface RequestVerificationOptions {
  input: unknown;
  /** API: the key's organization (formId must be one of its forms). Public form: absent. */
  organizationId?: string;
  context: RequestContext & { origin?: string | null };
  now?: Date;
}

export async function requestVerification({
  input,
  organizationId,
  context,
  now = new Date(),
}: RequestVerificationOptions): Promise<StartVerificationResult> {
  if (!organizationId) {
    await enforceRateLimits(
      [{ key: `verify:ip:${context.ip ?? "unknown"}`, ...VERIFICATION_RATE_LIMITS.perIp }],
      "Too many attempts from your network. Try again later.",
    );
  }
  const request = parseInput(ZStartVerificationSchema, input);
  const published = await findForm(request.formId, organizationId);
  if (!published) throw AppError.notFound("Form");
  const { form, version } = published;
  if (!organizationId) assertOriginAllowed(form.allowedOrigins, context.origin ?? null);
  if (form.kind !== "ENROLLMENT") {
    throw AppError.validation(
      { formId: ["Use an enrollment (2FA) form; signup forms send codes on signup."] },
      "Use an enrollment (2FA) form.",
    );
  }

  const phone = normalizePhone(request.phone, request.country);
  if (!phone.ok) throw AppError.validation({ phone: [phone.message] }, phone.message);

  // Bots fill the hidden field. Answer as if it worked, send nothing, tell them nothing.
  if (request.company) return decoy(phone.e164, version.codeExpiryMinutes, now);
  // The business's app cannot bring back an opted-out or erased number; the person can, on
  // the public enrollment form (their own new opt-in).
  if (organizationId && (await isPhoneSuppressed({ organizationId, phone: phone.e164 }))) {
    // 409, as issue-code.ts answers for a suppressed number: the request is fine, the number is not.
    throw new AppError(ErrorCode.CONFLICT, SUPPRESSED_MESSAGE);
  }

  const existing = await db.subscriber.findFirst({
    where: { organizationId: form.organizationId, audienceId: form.audienceId, phone: phone.e164 },
    include: { consents: { where: { purpose: "VERIFICATION" } } },
  });
  if (request.deviceToken && existing && !existing.deletedAt) {
    const claims = verifyDeviceToken(request.deviceToken, now, verificationSecret());
    const twoFactor = existing.consents[0];
    if (claims?.subscriberId === existing.id && twoFactor?.grantedAt && !twoFactor.revokedAt) {
      return {
        status: "approved",
        skipped: true,
        subscriberId: existing.id,
        phone: maskPhone(phone.e164),
      };
    }
  }

  // SMS pumping defences (lib/risk): allow-list, blocks, limits, flags. An API call comes
  // from the business's server, so the IP rules apply to the public form only.
  await assessCodeRequest({
    organizationId: form.organizationId,
    formId: form.id,
    ip: organizationId ? null : context.ip,
    phone: phone.e164,
    country: phone.country,
    defaultCountry: version.defaultCountry,
    allowedCountries: version.allowedCountries,
    now,
  });
  await assertCanSend({
    organizationId: form.organizationId,
    formId: form.id,
    phone: phone.e164,
    country: phone.country,
    ip: context.ip,
    lastSentAt: await lastSendTo(form.organizationId, phone.e164),
    now,
  });
  const verification = await sendCode({
    target: {
      organizationId: form.organizationId,
      formId: form.id,
      subscriberId: existing && !existing.deletedAt ? existing.id : null,
      phone: phone.e164,
      country: phone.country,
      purpose: "enrollment",
      locale: toLocale(version.locale),
      programName: version.programName,
      transliterate: version.transliterate,
      expiryMinutes: clampExpiryMinutes(version.codeExpiryMinutes),
      capture: {
        ip: context.ip,
        userAgent: context.userAgent,
        pageUrl: request.pageUrl ?? null,
        referrer: request.referrer ?? null,
      },
    },
    existing: null,
    channel: request.channel,
    now,
    // Only the newest code of a form counts: an older one arriving late is refused.
    before: async (tx) => {
      await tx.verificationCode.updateMany({
        where: {
          organizationId: form.organizationId,
          formId: form.id,
          phone: phone.e164,
          status: "PENDING",
        },
        data: { status: "CANCELED" },
      });
    },
  });
  return {
    ...toVerificationView(verification, availableChannels()),
    status: "pending",
    skipped: false,
    phone: maskPhone(phone.e164),
  };
}

async function findForm(formIdOrSlug: string, organizationId: string | undefined) {
  const published: PublishedForm | null = await getPublishedForm(formIdOrSlug);
  if (!published) return null;
  // API keys reach only their own organization's forms; another's is a 404.
  if (organizationId && published.form.organizationId !== organizationId) return null;
  return published;
}

/** Browsers send Origin on cross-site POSTs; our own hosted page is always allowed. */
function assertOriginAllowed(allowedOrigins: string[], origin: string | null): void {
  if (allowedOrigins.length === 0 || !origin) return;
  if (origin === new URL(getEnv().publicBaseUrl).origin || allowedOrigins.includes(origin)) return;
  throw new AppError(ErrorCode.FORBIDDEN, "This form can't be used from this website.");
}

function decoy(e164: string, expiryMinutes: number, now: Date): StartVerificationResult {
  return {
    verificationId: newVerificationId(),
    sequence: 1,
    channel: "sms",
    sentAt: now.toISOString(),
    expiresAt: expiresAtFor(now, expiryMinutes).toISOString(),
    resendAvailableAt: resendAvailableAt(now).toISOString(),
    attemptsLeft: 5,
    channels: availableChannels(),
    status: "pending",
    skipped: false,
    phone: maskPhone(e164),
  };
}
