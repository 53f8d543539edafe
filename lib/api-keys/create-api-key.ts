// API keys are 256-bit random secrets, shown once. Only their SHA-256 is stored: a key has
// enough entropy that a fast hash is safe, and lookups by hash are a single index probe.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { ZCreateApiKeySchema } from "./api-key-scopes";

export const API_KEY_PREFIX = "optl_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(options: {
  organizationId: string;
  userId: string;
  input: unknown;
}) {
  const input = parseInput(ZCreateApiKeySchema, options.input);
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const apiKey = await db.apiKey.create({
    data: {
      organizationId: options.organizationId,
      name: input.name,
      scopes: input.scopes,
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      keyHash: hashApiKey(key),
      createdById: options.userId,
    },
  });
  return { apiKey, key };
}
