// What staff did: organization-level events (exports, members, API keys) and every event a
// signed-in user or an API key caused on a subscriber, newest first.
import "server-only";
import { describeEvent } from "@/lib/consent-events/describe-event";
import { formIdsOf, parseEventData } from "@/lib/consent-events/event-types";
import { ORG_CHAIN_ID } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { listFormNames } from "@/lib/forms/list-form-names";

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
  const page = rows
    .slice(0, limit)
    .map((row) => ({ row, parsed: parseEventData(row.type, row.data) }));
  const formNames = await listFormNames({
    organizationId: options.organizationId,
    formIds: formIdsOf(page.map((entry) => entry.parsed)),
  });
  const items = page.map(({ row, parsed }) => ({
    ...row,
    description: describeEvent(parsed, { formNames }),
  }));
  return { items, nextBefore: rows.length > limit ? (items.at(-1)?.createdAt ?? null) : null };
}
