// Delivery status callbacks for outbound messages (REST sends and TwiML replies).
import { withApiErrors } from "@/lib/http/api-response";
import { log } from "@/lib/log/logger";
import { recordDeliveryStatus } from "@/lib/sms/record-delivery-status";
import { readSignedTwilioRequest } from "@/lib/sms/twilio-webhook";

export const POST = withApiErrors(async (request: Request) => {
  const params = await readSignedTwilioRequest(request);
  const messageId = new URL(request.url).searchParams.get("messageId");
  const outcome = await recordDeliveryStatus({ params, messageId });
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
