// `Authorization: Bearer optl_…` -> the organization the key belongs to, if it is live and
// has the scope. Every API query is then scoped to that organization.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import { enforceRateLimits } from "@/lib/rate-limit/check-rate-limit";
import type { ApiKeyScope } from "./api-key-scopes";
import { API_KEY_PREFIX, hashApiKey } from "./create-api-key";

export async function authenticateApiKey(request: Request, scope: ApiKeyScope) {
  const header = request.headers.get("authorization") ?? "";
  const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!key || !key.startsWith(API_KEY_PREFIX) || key.length > 100) {
    throw new AppError(ErrorCode.UNAUTHORIZED, "Send an API key as `Authorization: Bearer optl_…`");
  }
  const apiKey = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
  if (!apiKey || apiKey.revokedAt)
    throw new AppError(ErrorCode.UNAUTHORIZED, "This API key is not valid or was revoked");
  if (!apiKey.scopes.includes(scope)) {
    throw new AppError(ErrorCode.FORBIDDEN, `This API key lacks the "${scope}" scope`);
  }
  await enforceRateLimits(
    [{ key: `api:${apiKey.id}`, limit: 600, windowSeconds: 60 }],
    "API rate limit exceeded (600 requests per minute)",
  );
  // Last use, at most once a minute, so that reads do not turn into writes on every call.
  if (!apiKey.lastUsedAt || Date.now() - apiKey.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: apiKey.id }, data: { lastUsedAt: new Date() } });
  }
  return { apiKeyId: apiKey.id, organizationId: apiKey.organizationId, name: apiKey.name };
}
