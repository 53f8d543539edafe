// GET /api/metrics: off (404, as if there were no such route) unless METRICS_TOKEN is set;
// then only for `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time. Wrong
// tokens are limited per IP, so the endpoint cannot be used to guess the token.
import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode } from "@/lib/errors";
import { MemoryRateLimiter } from "@/lib/rate-limit/memory-rate-limiter";
import { renderMetrics } from "./cluster-metrics";
import { metrics } from "./metrics";

const wrongTokens = new MemoryRateLimiter(20, 60_000);

/** Equal-length digests, so that the comparison takes the same time whatever was sent. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export interface ServeMetricsOptions {
  authorization: string | null;
  ip: string | null;
}

export async function serveMetrics({ authorization, ip }: ServeMetricsOptions) {
  const token = getEnv().METRICS_TOKEN;
  if (!token) throw AppError.notFound("Page");
  const given = /^Bearer (.+)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
  if (!given || !sameSecret(given, token)) {
    if (!wrongTokens.allow(ip ?? "unknown")) {
      metrics.rateLimitRefusals.inc({ rule: "metrics:ip" });
      throw new AppError(ErrorCode.RATE_LIMITED, "Too many wrong tokens", { retryAfter: 60 });
    }
    throw new AppError(
      ErrorCode.UNAUTHORIZED,
      given ? "Wrong metrics token" : "A bearer token is required",
    );
  }
  return renderMetrics();
}
