import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export async function getAudience(options: { organizationId: string; audienceId: string }) {
  const audience = await db.audience.findFirst({
    where: { id: options.audienceId, organizationId: options.organizationId },
    include: { forms: { orderBy: { createdAt: "desc" } } },
  });
  if (!audience) throw AppError.notFound("Audience");
  const counts = await countSubscribersByStatus(options.organizationId, [audience.id]);
  return { ...audience, counts: counts.get(audience.id) ?? emptyCounts() };
}

export type StatusCounts = Record<
  "PENDING" | "CONFIRMED" | "UNSUBSCRIBED" | "NOT_SUBSCRIBED",
  number
>;

export function emptyCounts(): StatusCounts {
  return { PENDING: 0, CONFIRMED: 0, UNSUBSCRIBED: 0, NOT_SUBSCRIBED: 0 };
}

export async function countSubscribersByStatus(organizationId: string, audienceIds: string[]) {
  const rows = await db.subscriber.groupBy({
    by: ["audienceId", "status"],
    where: { organizationId, audienceId: { in: audienceIds }, deletedAt: null },
    _count: { _all: true },
  });
  const counts = new Map<string, StatusCounts>();
  for (const row of rows) {
    const entry = counts.get(row.audienceId) ?? emptyCounts();
    entry[row.status] = row._count._all;
    counts.set(row.audienceId, entry);
  }
  return counts;
}
