// The real Twilio SDK. TWILIO_API_URL replaces the origin of every API call (tests point it
// at a local server that speaks the Twilio REST protocol); nothing else changes.
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { Env } from "@/lib/env";
import {
  messageStatusFromProvider,
  SmsSendError,
  type FindSentSmsInput,
  type SendSmsResult,
  type SmsProvider,
} from "./sms-provider";

export type TwilioClient = ReturnType<typeof twilio>;

class OriginOverrideRequestClient extends twilio.RequestClient {
  constructor(private readonly origin: string) {
    super({ timeout: 10_000 });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const url = new URL(opts.uri);
    const target = new URL(this.origin);
    url.protocol = target.protocol;
    url.host = target.host;
    return super.request<TData>({ ...opts, uri: url.toString() });
  }
}

export function createTwilioClient(env: Env): TwilioClient {
  if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN)
    throw new Error("Twilio credentials are not configured");
  return createTwilioClientFor({
    accountSid: env.TWILIO_ACCOUNT_SID,
    username: env.TWILIO_ACCOUNT_SID,
    password: env.TWILIO_AUTH_TOKEN,
    apiUrl: env.TWILIO_API_URL,
  });
}

/**
 * A client for one Twilio account: username/password are the Account SID and auth token, or an
 * API key SID and its secret. `apiUrl` (TWILIO_API_URL) replaces the origin of every call.
 */
export function createTwilioClientFor(options: {
  accountSid: string;
  username: string;
  password: string;
  apiUrl?: string;
}): TwilioClient {
  const httpClient = options.apiUrl
    ? new OriginOverrideRequestClient(options.apiUrl)
    : new twilio.RequestClient({ timeout: 10_000 });
  return twilio(options.username, options.password, {
    accountSid: options.accountSid,
    httpClient,
  });
}

export function createTwilioProvider(env: Env): SmsProvider {
  return twilioSmsProvider(createTwilioClient(env), {
    messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID,
    fromNumber: env.TWILIO_FROM_NUMBER,
  });
}

/** Sends from a messaging service if there is one, else from the number. */
export function twilioSmsProvider(
  client: TwilioClient,
  options: { messagingServiceSid?: string | null; fromNumber?: string | null },
): SmsProvider {
  const { messagingServiceSid, fromNumber } = options;
  const sender = messagingServiceSid ?? fromNumber ?? "";
  return {
    name: "twilio",
    sender,
    async send({ to, body, statusCallbackUrl }) {
      try {
        const message = await client.messages.create({
          to,
          body,
          statusCallback: statusCallbackUrl,
          ...(messagingServiceSid ? { messagingServiceSid } : { from: fromNumber ?? undefined }),
        });
        return {
          sid: message.sid,
          status: messageStatusFromProvider(message.status) ?? "ACCEPTED",
          providerStatus: message.status,
          from: message.from ?? null,
        };
      } catch (error) {
        throw toSendError(error);
      }
    },
    findSent: (input) => findSentMessage(client, input),
  };
}

/** How far before the send's start a match may have been created (clock skew between us and Twilio). */
const LOOKUP_SKEW_MS = 5 * 60_000;
const LOOKUP_PAGE_SIZE = 50;
const LOOKUP_MAX_PAGES = 4;

/**
 * GET /2010-04-01/Accounts/{Sid}/Messages.json?To=…[&From=…], newest first, page by page,
 * until the messages are older than the send: the one with our body and sender is ours.
 * Not filtered by DateSent: Twilio sets date_sent only once the carrier has the message, so
 * such a filter would miss one still queued at Twilio, which is exactly the case when Twilio
 * is slow. A sender that is a messaging service is matched on messaging_service_sid.
 */
async function findSentMessage(
  client: TwilioClient,
  { to, body, sender, since }: FindSentSmsInput,
): Promise<SendSmsResult | null> {
  const byNumber = sender.startsWith("+");
  const cutoff = since.getTime() - LOOKUP_SKEW_MS;
  try {
    let page = await client.messages.page({
      to,
      ...(byNumber ? { from: sender } : {}),
      pageSize: LOOKUP_PAGE_SIZE,
    });
    for (let pages = 1; ; pages += 1) {
      for (const message of page.instances) {
        const ours = byNumber ? message.from === sender : message.messagingServiceSid === sender;
        if (ours && message.direction === "outbound-api" && message.body === body) {
          if (message.dateCreated.getTime() < cutoff) continue;
          return {
            sid: message.sid,
            status: messageStatusFromProvider(message.status) ?? "ACCEPTED",
            providerStatus: message.status,
            from: message.from ?? null,
          };
        }
      }
      const oldest = page.instances.at(-1)?.dateCreated.getTime();
      const next = pages < LOOKUP_MAX_PAGES && !(oldest! < cutoff) ? page.nextPage() : undefined;
      if (!next) return null;
      page = (await next) as typeof page;
    }
  } catch (error) {
    throw toSendError(error);
  }
}

/**
 * Twilio 4xx errors (bad number, opted-out recipient…) are final; 5xx, 429 and network errors
 * are retried. An answer from Twilio means it did not take the message, except a gateway
 * timeout (504); a network error or a timeout leaves the outcome unknown.
 */
export function toSendError(error: unknown): SmsSendError {
  if (error instanceof twilio.RestException) {
    const retryable = error.status >= 500 || error.status === 429;
    return new SmsSendError(error.message, {
      code: error.code ?? null,
      retryable,
      outcomeUnknown: error.status === 504,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SmsSendError(`Twilio could not be reached: ${message}`, {
    code: null,
    retryable: true,
    outcomeUnknown: true,
  });
}
