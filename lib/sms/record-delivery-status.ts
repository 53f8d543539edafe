// Twilio status callbacks: queued -> sent -> delivered | undelivered | failed. Callbacks can
// arrive twice or out of order (a "sent" after the "delivered"), so a status only ever moves
// forward, and a repeated one changes nothing.
import "server-only";
import { z } from "zod";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { recordDeliveryFailure } from "@/lib/risk/record-delivery-failure";
import type { MessageStatus } from "@/lib/generated/prisma/enums";
import { messageStatusFromProvider } from "./providers/sms-provider";
import { recordSentInTx } from "./record-send-outcome";

export const ZStatusCallbackSchema = z.object({
  MessageSid: z
    .string()
    .regex(/^(SM|MM)[0-9a-fA-F]{32}$/, "MessageSid is not a Twilio message SID"),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z
    .string()
    .regex(/^\d{0,6}$/)
    .optional()
    .transform((code) => (code ? Number(code) : null)),
  From: z.string().max(64).optional(),
});

const RANK: Record<MessageStatus, number> = {
  QUEUED: 0,
  SENDING: 0,
  ACCEPTED: 1,
  SENT: 2,
  DELIVERED: 3,
  UNDELIVERED: 3,
  FAILED: 3,
  RECEIVED: 3,
  CANCELED: 3,
};

export type DeliveryStatusResult = "updated" | "unchanged" | "unknown_message" | "unknown_status";

export async function recordDeliveryStatus(options: {
  params: Record<string, string>;
  /** Our message id from the callback URL, for TwiML replies whose SID we learn only now. */
  messageId: string | null;
}): Promise<DeliveryStatusResult> {
  const callback = parseInput(ZStatusCallbackSchema, options.params);
  const status = messageStatusFromProvider(callback.MessageStatus);
  if (!status || status === "RECEIVED") return "unknown_status";

  return db.$transaction(async (tx) => {
    const bySid = await tx.message.findUnique({ where: { sid: callback.MessageSid } });
    const message =
      bySid ??
      (options.messageId
        ? await tx.message.findFirst({
            where: { id: options.messageId, direction: "OUTBOUND", sid: null },
          })
        : null);
    if (!message || message.direction !== "OUTBOUND") return "unknown_message";
    // Serialize concurrent callbacks for one message.
    await tx.$queryRaw`SELECT 1 FROM "Message" WHERE "id" = ${message.id} FOR UPDATE`;
    let current = await tx.message.findUniqueOrThrow({ where: { id: message.id } });

    const now = new Date();
    const senderNumber = callback.From?.startsWith("+") ? callback.From : undefined;
    if (current.status === "SENDING") {
      // The send happened but the outbox has not recorded it (its database write failed, or
      // it is still waiting for Twilio's answer): this callback, which carries our message
      // id, records it, so the outbox will never send it again.
      await recordSentInTx(
        tx,
        current.id,
        {
          sid: callback.MessageSid,
          status: "ACCEPTED",
          providerStatus: "accepted",
          from: senderNumber ?? null,
          at: now,
        },
        tx,
      );
      current = await tx.message.findUniqueOrThrow({ where: { id: message.id } });
    }

    const moves = RANK[status] > RANK[current.status];
    const learnsSid = current.sid === null;
    if (!moves && !learnsSid) return "unchanged";

    await tx.message.update({
      where: { id: current.id },
      data: {
        sid: callback.MessageSid,
        ...(moves
          ? {
              status,
              providerStatus: callback.MessageStatus,
              errorCode: callback.ErrorCode,
              statusUpdatedAt: now,
            }
          : {}),
        ...(senderNumber && current.from !== senderNumber ? { from: senderNumber } : {}),
      },
    });
    const final = status === "DELIVERED" || status === "UNDELIVERED" || status === "FAILED";
    if (moves && (status === "UNDELIVERED" || status === "FAILED") && current.organizationId) {
      await recordDeliveryFailure(tx, {
        organizationId: current.organizationId,
        phone: current.to,
        errorCode: callback.ErrorCode,
        detail: { messageId: current.id, kind: current.kind, status },
        at: now,
      });
    }
    if (moves && final && current.organizationId && current.subscriberId) {
      await recordEvent(tx, {
        organizationId: current.organizationId,
        subscriberId: current.subscriberId,
        type: "sms.delivery",
        data: {
          messageId: current.id,
          kind: current.kind,
          sid: callback.MessageSid,
          status,
          errorCode: callback.ErrorCode,
        },
        actor: SYSTEM_ACTOR,
        at: now,
      });
    }
    return "updated";
  });
}
