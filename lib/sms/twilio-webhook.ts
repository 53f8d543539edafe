// What both Twilio webhooks do before anything else: cap the body, parse the form, and check
// X-Twilio-Signature against the public URL. Nothing is written before this passes.
//
// The per-IP limit applies to requests that fail the signature check only: the check is a
// cheap HMAC, and Twilio's own traffic (which can be far more than any fixed number per
// address at a busy time) must never be refused for its volume.
import "server-only";
import { AppError, ErrorCode } from "@/lib/errors";
import { readFormBody } from "@/lib/http/read-body";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/metrics";
import { MemoryRateLimiter } from "@/lib/rate-limit/memory-rate-limiter";
import { isValidTwilioSignature, publicWebhookUrl } from "./twilio-signature";

export const TWILIO_WEBHOOK_BODY_MAX_BYTES = 64 * 1024;
// Unsigned or forged requests from one address; past this, 429 instead of 403.
const forgedLimiter = new MemoryRateLimiter(600, 60_000);

/**
 * `authTokensFor`: the auth tokens the signature may be made with, from the parameters (the
 * account and number the request names); one must match. Default: the installation's token.
 * Returns the parameters and what authTokensFor returned (the route), once the signature holds.
 */
export async function readSignedTwilioRequest(request: Request): Promise<Record<string, string>>;
export async function readSignedTwilioRequest<R>(
  request: Request,
  authTokensFor: (params: Record<string, string>) => Promise<{ authTokens: string[]; route: R }>,
): Promise<{ params: Record<string, string>; route: R }>;
export async function readSignedTwilioRequest<R>(
  request: Request,
  authTokensFor?: (params: Record<string, string>) => Promise<{ authTokens: string[]; route: R }>,
): Promise<Record<string, string> | { params: Record<string, string>; route: R }> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new AppError(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      "Expected application/x-www-form-urlencoded",
    );
  }
  const params = await readFormBody(request, TWILIO_WEBHOOK_BODY_MAX_BYTES);
  const signature = request.headers.get("x-twilio-signature");
  const resolved = authTokensFor && signature ? await authTokensFor(params) : null;
  const url = publicWebhookUrl(request.url);
  const valid = resolved
    ? resolved.authTokens.some((authToken) =>
        isValidTwilioSignature({ signature, url, params, authToken }),
      )
    : isValidTwilioSignature({ signature, url, params });
  if (!valid) {
    const { ip } = requestContextFromHeaders(request.headers);
    if (!forgedLimiter.allow(ip ?? "unknown")) {
      metrics.rateLimitRefusals.inc({ rule: "webhook:ip" });
      throw new AppError(ErrorCode.RATE_LIMITED, "Too many webhook requests", { retryAfter: 60 });
    }
    log.warn(
      {
        event: "webhook.rejected",
        reqId: request.headers.get("x-request-id"),
        reason: "invalid_signature",
      },
      "webhook with an invalid signature",
    );
    throw new AppError(ErrorCode.INVALID_SIGNATURE, "Invalid X-Twilio-Signature");
  }
  return resolved ? { params, route: resolved.route } : params;
}
