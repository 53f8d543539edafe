// The Twilio SDK client and SMS provider of an organization's sender, made once per version of
// the sender's row (id + updatedAt): an edit on any app server changes updatedAt, so every
// server builds a new client with the new credentials on its next use.
import "server-only";
import { getEnv } from "@/lib/env";
import type { Sender } from "@/lib/generated/prisma/client";
import type { SmsProvider } from "@/lib/sms/providers/sms-provider";
import {
  createTwilioClientFor,
  twilioSmsProvider,
  type TwilioClient,
} from "@/lib/sms/providers/twilio-provider";
import { unsealSenderSecret } from "./sender-credentials";

type SenderRow = Pick<
  Sender,
  | "id"
  | "organizationId"
  | "accountSid"
  | "authTokenSealed"
  | "apiKeySid"
  | "apiKeySecretSealed"
  | "messagingServiceSid"
  | "updatedAt"
> & { fromNumber: string | null };

interface Entry {
  version: number;
  client: TwilioClient;
  provider: SmsProvider;
}

const cache = new Map<string, Entry>();

export function senderAuthToken(sender: Pick<Sender, "authTokenSealed" | "organizationId">) {
  return unsealSenderSecret(sender.authTokenSealed, sender.organizationId);
}

/** A client that talks to the sender's Twilio account with its credentials. */
export function senderTwilioClient(sender: SenderRow): TwilioClient {
  return entryFor(sender).client;
}

export function senderSmsProvider(sender: SenderRow): SmsProvider {
  return entryFor(sender).provider;
}

function entryFor(sender: SenderRow): Entry {
  const version = sender.updatedAt.getTime();
  const cached = cache.get(sender.id);
  if (cached && cached.version === version) return cached;
  const apiKey =
    sender.apiKeySid && sender.apiKeySecretSealed
      ? {
          username: sender.apiKeySid,
          password: unsealSenderSecret(sender.apiKeySecretSealed, sender.organizationId),
        }
      : null;
  const client = createTwilioClientFor({
    accountSid: sender.accountSid,
    username: apiKey?.username ?? sender.accountSid,
    password: apiKey?.password ?? senderAuthToken(sender),
    apiUrl: getEnv().TWILIO_API_URL,
  });
  const provider = twilioSmsProvider(client, {
    messagingServiceSid: sender.messagingServiceSid,
    fromNumber: sender.fromNumber,
  });
  const entry = { version, client, provider };
  cache.set(sender.id, entry);
  return entry;
}

/** After an edit or a delete on this server (others see the new updatedAt). */
export function forgetSenderClient(senderId: string): void {
  cache.delete(senderId);
}
