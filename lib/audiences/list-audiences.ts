import "server-only";
import { db } from "@/lib/db/client";
import { countSubscribersByStatus, emptyCounts } from "./get-audience";

export async function listAudiences(options: { organizationId: string }) {
  const audiences = await db.audience.findMany({
    where: { organizationId: options.organizationId },
    orderBy: { name: "asc" },
    include: { _count: { select: { forms: true } } },
  });
  const counts = await countSubscribersByStatus(
    options.organizationId,
    audiences.map((audience) => audience.id),
  );
  return audiences.map((audience) => ({
    ...audience,
    counts: counts.get(audience.id) ?? emptyCounts(),
  }));
}
