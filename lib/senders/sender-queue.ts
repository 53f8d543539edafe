// What waits in the outbox per sender of an organization, and how long it will take at the
// sender's rate: the dashboard's "queue / expected wait".
import "server-only";
import { db } from "@/lib/db/client";
import { defaultSenderRate, senderRate } from "./send-rate";

export interface SenderQueue {
  /** Sender id, or null for the installation default. */
  senderId: string | null;
  queued: number;
  messagesPerSecond: number | null;
  /** Seconds until the last queued message is due at that rate; null: not paced. */
  expectedWaitSeconds: number | null;
}

export async function getSenderQueues(options: { organizationId: string }): Promise<SenderQueue[]> {
  const rows = await db.$queryRaw<{ senderId: string | null; queued: bigint }[]>`
    SELECT COALESCE(m."senderId", a."senderId") AS "senderId", count(*) AS "queued"
    FROM "Message" m
    LEFT JOIN "Subscriber" s ON s."id" = m."subscriberId"
    LEFT JOIN "Audience" a ON a."id" = s."audienceId"
    WHERE m."organizationId" = ${options.organizationId} AND m."direction" = 'OUTBOUND'
      AND m."status" IN ('QUEUED', 'SENDING')
    GROUP BY 1`;
  const senders = await db.sender.findMany({
    where: { organizationId: options.organizationId },
    select: { id: true, numberType: true, messagesPerSecond: true },
  });
  const rates = new Map(senders.map((sender) => [sender.id, senderRate(sender)]));
  return rows.map((row) => {
    const queued = Number(row.queued);
    const rate = row.senderId ? (rates.get(row.senderId) ?? null) : defaultSenderRate();
    return {
      senderId: row.senderId,
      queued,
      messagesPerSecond: rate,
      expectedWaitSeconds: rate ? Math.ceil(queued / rate) : null,
    };
  });
}
