import { z } from "zod";

export const API_KEY_SCOPES = {
  "subscribers:read": "Read subscribers, their consents and events",
  "evidence:read": "Read proofs of opt-in and verify evidence chains",
  "exports:read": "Download consent exports and sending lists",
  "verify:write": "Send and check phone verification codes (2FA) and change consents",
  "webhooks:manage": "Manage webhook endpoints, read their delivery log, redeliver",
} as const;
export type ApiKeyScope = keyof typeof API_KEY_SCOPES;

export const ZCreateApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key").max(60),
  scopes: z
    .array(z.enum(Object.keys(API_KEY_SCOPES) as [ApiKeyScope, ...ApiKeyScope[]]))
    .min(1, "Choose at least one scope"),
});
