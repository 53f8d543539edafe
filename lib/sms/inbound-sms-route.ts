// Inbound SMS from Twilio (or the Dev phone): app/api/webhooks/twilio/sms/route.ts exports
// this handler, and scripts/server.ts calls it directly (lib/http/direct-routes.ts).
// Answers with TwiML; each reply carries an action URL so that its status callback tells us
// the reply's SID and delivery.
import twilio from "twilio";
import { withApiErrors } from "@/lib/http/api-response";
import { log } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/metrics";
import { resolveInboundRoute } from "@/lib/senders/resolve-inbound-route";
import { handleInboundSms } from "@/lib/sms/handle-inbound-sms";
import { statusCallbackUrl } from "@/lib/sms/outbox";
import { readSignedTwilioRequest } from "@/lib/sms/twilio-webhook";

export const postInboundSms = withApiErrors(async (request: Request) => {
  // The receiving number and account say which sender (and so which organization and token).
  const { params, route } = await readSignedTwilioRequest(request, async (params) => {
    const resolved = await resolveInboundRoute(params);
    return { authTokens: [resolved.authToken], route: resolved.route };
  });
  const result = await handleInboundSms({ params, route, signatureVerified: true });
  if (result.duplicate) metrics.inboundSms.inc({ intent: "duplicate" });
  log.info(
    {
      event: "webhook.sms",
      reqId: request.headers.get("x-request-id"),
      inboundMessageId: result.inboundMessageId,
      sid: params.MessageSid,
      duplicate: result.duplicate,
      route: route.kind,
      replyIds: result.replies.map((reply) => reply.id),
    },
    "inbound sms handled",
  );
  const twiml = new twilio.twiml.MessagingResponse();
  for (const reply of result.replies) {
    twiml.message({ action: statusCallbackUrl(reply.id), method: "POST" }, reply.body);
  }
  return new Response(twiml.toString(), { headers: { "Content-Type": "text/xml; charset=utf-8" } });
});
