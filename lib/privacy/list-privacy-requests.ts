// The compliance queue: requests newest first (waiting ones on their own), with their deadline,
// and the name of whoever handled them.
import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { channelName, kindName, statusName } from "./privacy-request-kinds";

export type PrivacyRequestFilter = "waiting" | "all";

const PAGE = 100;

export async function listPrivacyRequests(options: {
  organizationId: string;
  filter: PrivacyRequestFilter;
  now?: Date;
}) {
  const { organizationId } = options;
  const now = options.now ?? new Date();
  const where: Prisma.PrivacyRequestWhereInput = {
    organizationId,
    ...(options.filter === "waiting" ? { status: { in: ["OPEN", "AWAITING_APPROVAL"] } } : {}),
  };
  const [rows, waiting] = await Promise.all([
    db.privacyRequest.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: PAGE,
      select: {
        id: true,
        kind: true,
        channel: true,
        status: true,
        details: true,
        createdAt: true,
        dueAt: true,
        handledAt: true,
        handledById: true,
        note: true,
      },
    }),
    db.privacyRequest.count({
      where: { organizationId, status: { in: ["OPEN", "AWAITING_APPROVAL"] } },
    }),
  ]);
  // Handlers are members of this organization (or were: a removed member keeps their id).
  const handlerIds = [
    ...new Set(rows.flatMap((row) => (row.handledById ? [row.handledById] : []))),
  ];
  const handlers = handlerIds.length
    ? await db.user.findMany({
        where: { id: { in: handlerIds }, memberships: { some: { organizationId } } },
        select: { id: true, name: true, email: true },
      })
    : [];
  const handlerById = new Map(handlers.map((user) => [user.id, `${user.name} <${user.email}>`]));
  const items = rows.map((row) => {
    const details = (row.details ?? {}) as { subscriberIds?: unknown; count?: unknown };
    const open = row.status === "OPEN" || row.status === "AWAITING_APPROVAL";
    return {
      id: row.id,
      kind: kindName(row.kind),
      channel: channelName(row.channel),
      status: statusName(row.status),
      createdAt: row.createdAt,
      dueAt: row.dueAt,
      overdue: open && row.dueAt < now,
      handledAt: row.handledAt,
      handledBy: row.handledById
        ? (handlerById.get(row.handledById) ?? "a former member")
        : row.handledAt
          ? "carried out automatically"
          : null,
      note: row.note,
      subscribers: Array.isArray(details.subscriberIds) ? details.subscriberIds.length : 0,
    };
  });
  return { items, waiting, truncated: rows.length === PAGE };
}

export type PrivacyRequestItem = Awaited<ReturnType<typeof listPrivacyRequests>>["items"][number];
