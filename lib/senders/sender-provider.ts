// The SMS provider a message goes out through: its sender's Twilio account (credentials and
// number or messaging service of that sender), else the installation default; with the dev
// provider, the default sends from the organization's own dev number.
import "server-only";
import { db } from "@/lib/db/client";
import { createDevProvider } from "@/lib/sms/providers/dev-provider";
import { getSmsProvider } from "@/lib/sms/providers/get-sms-provider";
import type { SmsProvider } from "@/lib/sms/providers/sms-provider";
import { senderSmsProvider } from "./sender-client";

export interface SendingProvider {
  provider: SmsProvider;
  /** The sender recorded on the message (null: the installation default). */
  senderId: string | null;
}

/** By sender id, for the version (updatedAt) it was built from: no query while it is current. */
const cache = new Map<string, { version: number; sending: SendingProvider }>();

export async function providerForRoute(route: {
  senderId: string | null;
  senderVersion?: Date | null;
  devNumber: string | null;
}): Promise<SendingProvider> {
  if (route.senderId) {
    const cached = cache.get(route.senderId);
    if (cached && route.senderVersion && cached.version === route.senderVersion.getTime())
      return cached.sending;
    const sender = await db.sender.findUnique({
      where: { id: route.senderId },
      include: { numbers: { select: { phone: true }, orderBy: { createdAt: "asc" }, take: 1 } },
    });
    // A sender deleted meanwhile (only possible once no audience uses it): the default.
    if (sender) {
      const sending = {
        provider: senderSmsProvider({ ...sender, fromNumber: sender.numbers[0]?.phone ?? null }),
        senderId: sender.id,
      };
      cache.set(sender.id, { version: sender.updatedAt.getTime(), sending });
      return sending;
    }
  }
  const provider = getSmsProvider();
  if (provider.name === "dev" && route.devNumber) {
    return { provider: createDevProvider(route.devNumber), senderId: null };
  }
  return { provider, senderId: null };
}
