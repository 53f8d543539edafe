// The delivery log is for debugging a receiver, not evidence (the evidence is ConsentEvent):
// finished deliveries and their attempts go after 30 days, so the queue's table stays small.
import "server-only";
import { db } from "@/lib/db/client";

export const WEBHOOK_LOG_RETENTION_DAYS = 30;

/** Deletes finished deliveries older than the retention (attempts go with them); returns how many. */
export async function pruneWebhookDeliveries(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - WEBHOOK_LOG_RETENTION_DAYS * 86_400_000);
  const { count } = await db.webhookDelivery.deleteMany({
    where: { status: { in: ["SUCCEEDED", "FAILED"] }, createdAt: { lt: before } },
  });
  return count;
}
