// Subscribers of one organization, newest first, with keyset pagination. The cursor is the
// last row's (createdAt, id), so pages stay stable while new signups arrive, and a cursor
// never reveals anything about another organization.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { isRecordId } from "@/lib/http/record-id";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZSubscriberListQuerySchema } from "./subscriber-schemas";

export async function listSubscribers(options: { organizationId: string; query: unknown }) {
  const query = parseInput(ZSubscriberListQuerySchema, options.query);
  const where: Prisma.SubscriberWhereInput = {
    organizationId: options.organizationId,
    deletedAt: null,
  };
  if (query.audienceId) where.audienceId = query.audienceId;
  if (query.status) where.status = query.status;
  const digits = query.phone?.replace(/\D/g, "");
  if (digits) where.phone = { contains: digits };
  if (query.cursor) {
    const { createdAt, id } = decodeCursor(query.cursor);
    where.OR = [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }];
  }
  const rows = await db.subscriber.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { audience: { select: { id: true, name: true } }, consents: true },
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  // Only what encodeCursor makes: an ISO time (which PostgreSQL can hold) and a record id.
  if (
    !isRecordId(id) ||
    !/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(iso ?? "") ||
    Number.isNaN(createdAt.getTime())
  ) {
    throw AppError.validation({ cursor: ["Invalid cursor"] });
  }
  return { createdAt, id };
}
