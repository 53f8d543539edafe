// Inbound SMS from Twilio (or the Dev phone): lib/sms/inbound-sms-route.ts.
import { postInboundSms } from "@/lib/sms/inbound-sms-route";

export const POST = postInboundSms;
