// Delivery status callbacks for outbound messages (REST sends and TwiML replies).
import { withApiErrors } from "@/lib/http/api-response";
import { recordDeliveryStatus } from "@/lib/sms/record-delivery-status";
import { readSignedTwilioRequest } from "@/lib/sms/twilio-webhook";

export const POST = withApiErrors(async (request: Request) => {
  const params = await readSignedTwilioRequest(request);
  const messageId = new URL(request.url).searchParams.get("messageId");
  await recordDeliveryStatus({ params, messageId });
  // Twilio ignores the body of a status callback answer; 204 keeps it short.
  return new Response(null, { status: 204 });
});
