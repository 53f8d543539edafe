// The real Twilio SDK. TWILIO_API_URL replaces the origin of every API call (tests point it
// at a local server that speaks the Twilio REST protocol); nothing else changes.
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type { Env } from "@/lib/env";
import { messageStatusFromProvider, SmsSendError, type SmsProvider } from "./sms-provider";

type TwilioClient = ReturnType<typeof twilio>;

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
  const httpClient = env.TWILIO_API_URL
    ? new OriginOverrideRequestClient(env.TWILIO_API_URL)
    : new twilio.RequestClient({ timeout: 10_000 });
  return twilio(env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, { httpClient });
}

export function createTwilioProvider(env: Env): SmsProvider {
  const client = createTwilioClient(env);
  const sender = env.TWILIO_MESSAGING_SERVICE_SID ?? env.TWILIO_FROM_NUMBER ?? "";
  return {
    name: "twilio",
    sender,
    async send({ to, body, statusCallbackUrl }) {
      try {
        const message = await client.messages.create({
          to,
          body,
          statusCallback: statusCallbackUrl,
          ...(env.TWILIO_MESSAGING_SERVICE_SID
            ? { messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID }
            : { from: env.TWILIO_FROM_NUMBER }),
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
  };
}

/** Twilio 4xx errors (bad number, opted-out recipient…) are final; 5xx, 429 and network errors are retried. */
export function toSendError(error: unknown): SmsSendError {
  if (error instanceof twilio.RestException) {
    const retryable = error.status >= 500 || error.status === 429;
    return new SmsSendError(error.message, { code: error.code ?? null, retryable });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SmsSendError(`Twilio could not be reached: ${message}`, {
    code: null,
    retryable: true,
  });
}
