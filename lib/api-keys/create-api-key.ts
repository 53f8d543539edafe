// API keys are 256-bit random secrets, shown once. Only their SHA-256 is stored: a key has
// enough entropy that a fast hash is safe, and lookups by hash are a single index probe.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { ZCreateApiKeySchema } from "./api-key-scopes";

export const API_KEY_PREFIX = "optl_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(options: {
  organizationId: string;
  actor: Actor;
  input: unknown;
}) {
  const input = parseInput(ZCreateApiKeySchema, options.input);
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const apiKey = await db.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        organizationId: options.organizationId,
        name: input.name,
        scopes: input.scopes,
        prefix: key.slice(0, API_KEY_PREFIX.length + 6),
        keyHash: hashApiKey(key),
        createdById: options.actor.id ?? null,
      },
    });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "api_key.created",
      data: {
        apiKeyId: created.id,
        name: created.name,
        prefix: created.prefix,
        scopes: created.scopes,
      },
      actor: options.actor,
    });
    return created;
  });
  return { apiKey, key };
}
