import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
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

export async function revokeApiKey(options: {
  organizationId: string;
  apiKeyId: string;
  actor: Actor;
}) {
  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: options.apiKeyId, organizationId: options.organizationId, revokedAt: null },
    });
    if (!key) throw AppError.notFound("API key");
    await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "api_key.revoked",
      data: { apiKeyId: key.id, name: key.name },
      actor: options.actor,
    });
  });
}
