// The sender as a person reads it: the number texts come from and keywords are texted to (or
// the Twilio messaging service, when a pool of numbers sends). An audience's own sender, or the
// installation's default: with the dev provider, the organization's own dev number (the one
// the Dev phone texts).
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

export async function senderLabel(options: {
  organizationId: string;
  senderId: string | null;
}): Promise<string> {
  const { organizationId, senderId } = options;
  if (senderId) {
    const sender = await db.sender.findFirst({
      where: { id: senderId, organizationId },
      select: {
        name: true,
        messagingServiceSid: true,
        numbers: { select: { phone: true }, orderBy: { createdAt: "asc" }, take: 1 },
      },
    });
    if (sender) {
      return (
        sender.numbers[0]?.phone ??
        `${sender.name} (Twilio messaging service ${sender.messagingServiceSid ?? ""})`.trim()
      );
    }
  }
  const env = getEnv();
  if (env.smsProvider === "dev") {
    const organization = await db.organization.findFirst({
      where: { id: organizationId },
      select: { devSmsNumber: true },
    });
    return organization?.devSmsNumber ?? env.DEV_SMS_FROM_NUMBER;
  }
  return env.TWILIO_FROM_NUMBER ?? `Twilio messaging service ${env.TWILIO_MESSAGING_SERVICE_SID}`;
}
