import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export async function listApiKeys(options: { organizationId: string }) {
  return db.apiKey.findMany({
    where: { organizationId: options.organizationId },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      lastUsedAt: true,
      revokedAt: true,
    },
  });
}

export async function revokeApiKey(options: { organizationId: string; apiKeyId: string }) {
  const { count } = await db.apiKey.updateMany({
    where: { id: options.apiKeyId, organizationId: options.organizationId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) throw AppError.notFound("API key");
}
