import "server-only";
import { describeEvent } from "@/lib/consent-events/describe-event";
import { formIdsOf, parseEventData } from "@/lib/consent-events/event-types";
import { db } from "@/lib/db/client";
import { listFormNames } from "@/lib/forms/list-form-names";

export async function getOverview(options: { organizationId: string }) {
  const { organizationId } = options;
  const [byStatus, audiences, forms, publishedForms, recent] = await Promise.all([
    db.subscriber.groupBy({
      by: ["status"],
      where: { organizationId, deletedAt: null },
      _count: { _all: true },
    }),
    db.audience.count({ where: { organizationId } }),
    db.signupForm.count({ where: { organizationId } }),
    db.signupForm.count({
      where: { organizationId, versions: { some: { publishedAt: { not: null } } } },
    }),
    db.consentEvent.findMany({
      where: { organizationId, subscriberId: { not: null } },
      orderBy: { createdAt: "desc" },
      take: 12,
      include: { subscriber: { select: { id: true, phone: true } } },
    }),
  ]);
  const recentParsed = recent.map((event) => parseEventData(event.type, event.data));
  const formNames = await listFormNames({ organizationId, formIds: formIdsOf(recentParsed) });
  const counts = Object.fromEntries(
    byStatus.map((row) => [row.status, row._count._all]),
  ) as Partial<Record<string, number>>;
  return {
    counts: {
      PENDING: counts.PENDING ?? 0,
      CONFIRMED: counts.CONFIRMED ?? 0,
      UNSUBSCRIBED: counts.UNSUBSCRIBED ?? 0,
    },
    audiences,
    forms,
    publishedForms,
    recent: recent.map((event, index) => ({
      ...event,
      description: describeEvent(recentParsed[index]!, { formNames }),
    })),
  };
}
