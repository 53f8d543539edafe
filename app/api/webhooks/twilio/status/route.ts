// Delivery status callbacks for outbound messages (REST sends and TwiML replies).
import { withApiErrors } from "@/lib/http/api-response";
import { log } from "@/lib/log/logger";
import { resolveStatusRoute } from "@/lib/senders/resolve-inbound-route";
import { recordDeliveryStatus } from "@/lib/sms/record-delivery-status";
import { readSignedTwilioRequest } from "@/lib/sms/twilio-webhook";

export const POST = withApiErrors(async (request: Request) => {
  // Routed by AccountSid: signed with that account's token, and it may concern only the
  // messages of the senders on that account.
  const { params, route } = await readSignedTwilioRequest(request, async (params) => {
    const resolved = await resolveStatusRoute(params);
    return { authTokens: resolved.authTokens, route: resolved };
  });
  const messageId = new URL(request.url).searchParams.get("messageId");
  const outcome = await recordDeliveryStatus({
    params,
    messageId,
    senders: { ids: route.senderIds, includesDefault: route.includesDefault },
  });
  log.info(
    {
      event: "webhook.status",
      reqId: request.headers.get("x-request-id"),
      messageId,
      sid: params.MessageSid,
      status: params.MessageStatus,
      errorCode: params.ErrorCode,
      outcome,
    },
    "delivery status recorded",
  );
  // Twilio ignores the body of a status callback answer; 204 keeps it short.
  return new Response(null, { status: 204 });
});
