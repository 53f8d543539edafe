// The routes scripts/server.ts answers without Next.js (direct-routes.ts): the public signup
// and Twilio's SMS webhook, the two requests that come in volume.
import { registerDirectRoute } from "@/lib/http/direct-routes";
import { postSignup } from "@/lib/signups/signup-route";
import { SIGNUP_BODY_MAX_BYTES } from "@/lib/signups/signup-schema";
import { postInboundSms } from "@/lib/sms/inbound-sms-route";
import { TWILIO_WEBHOOK_BODY_MAX_BYTES } from "@/lib/sms/twilio-webhook";

export function registerHotRoutes(): void {
  registerDirectRoute({
    path: /^\/api\/v1\/public\/forms\/([^/]+)\/signups$/,
    maxBodyBytes: SIGNUP_BODY_MAX_BYTES,
    handler: (request, formId) => postSignup(request, formId ?? ""),
  });
  registerDirectRoute({
    path: /^\/api\/webhooks\/twilio\/sms$/,
    maxBodyBytes: TWILIO_WEBHOOK_BODY_MAX_BYTES,
    handler: (request) => postInboundSms(request),
  });
}
