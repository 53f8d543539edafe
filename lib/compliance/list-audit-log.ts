// What staff did: organization-level events (exports, members, API keys) and every event a
// signed-in user or an API key caused on a subscriber, newest first.
import "server-only";
import { describeEvent } from "@/lib/consent-events/describe-event";
import { parseEventData } from "@/lib/consent-events/event-types";
import { ORG_CHAIN_ID } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";

export async function listAuditLog(options: {
  organizationId: string;
  before?: Date;
  limit?: number;
}) {
  const limit = options.limit ?? 50;
  const rows = await db.consentEvent.findMany({
    where: {
      organizationId: options.organizationId,
      OR: [{ chainId: ORG_CHAIN_ID }, { actorType: { in: ["USER", "API_KEY"] } }],
      ...(options.before ? { createdAt: { lt: options.before } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    include: { subscriber: { select: { id: true, phone: true } } },
  });
  const items = rows
    .slice(0, limit)
    .map((row) => ({ ...row, description: describeEvent(parseEventData(row.type, row.data)) }));
  return { items, nextBefore: rows.length > limit ? (items.at(-1)?.createdAt ?? null) : null };
}
