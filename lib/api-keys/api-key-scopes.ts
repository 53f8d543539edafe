import { z } from "zod";

/** What each scope lets a key do, in the words the API keys page shows. */
export const API_KEY_SCOPES = {
  "subscribers:read":
    "Read subscribers, their consents and timelines (GET /api/v1/subscribers). Changes nothing.",
  "evidence:read":
    "Download proofs of opt-in and check that evidence chains are intact. Changes nothing.",
  "exports:read":
    "Export consent events and sending lists: every phone number you may text. Changes nothing.",
  "verify:write":
    "Send and check verification codes (sends texts) and turn a subscriber's consents on or off.",
  "webhooks:manage":
    "Add, change and delete webhook endpoints (they receive phone numbers), read their delivery log, redeliver.",
} as const;
export type ApiKeyScope = keyof typeof API_KEY_SCOPES;

export const ZCreateApiKeySchema = z.object({
  name: z.string().trim().min(1, "Name the key.").max(60, "Use at most 60 characters."),
  scopes: z
    .array(z.enum(Object.keys(API_KEY_SCOPES) as [ApiKeyScope, ...ApiKeyScope[]]))
    .min(1, "Choose at least one scope."),
});
