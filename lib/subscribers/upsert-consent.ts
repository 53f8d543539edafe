// The one way a subscriber's consent row is written: each purpose has one row per subscriber,
// created with the given fields on first use and set to them after that. Its history is in
// ConsentEvent, recorded by the caller in the same transaction. One statement, which hot
// paths put in the statement that records the event (upsertConsentSql).
import { newId } from "@/lib/db/new-id";
import type { Tx } from "@/lib/db/types";
import { Prisma, type Consent, type ConsentPurpose } from "@/lib/generated/prisma/client";

export type ConsentChange = Partial<
  Pick<Consent, "grantedAt" | "confirmedAt" | "revokedAt" | "grantMethod" | "revokeMethod">
>;

const COLUMNS = ["grantedAt", "confirmedAt", "revokedAt", "grantMethod", "revokeMethod"] as const;
const TIMESTAMPS = new Set(["grantedAt", "confirmedAt", "revokedAt"]);

export async function upsertConsent(
  tx: Tx,
  subscriber: { id: string; organizationId: string },
  purpose: ConsentPurpose,
  change: ConsentChange,
): Promise<void> {
  await tx.$executeRaw(upsertConsentSql(subscriber, purpose, change));
}

export function upsertConsentSql(
  subscriber: { id: string; organizationId: string },
  purpose: ConsentPurpose,
  change: ConsentChange,
): Prisma.Sql {
  const changed = COLUMNS.filter((column) => change[column] !== undefined);
  const value = (column: (typeof COLUMNS)[number]) =>
    TIMESTAMPS.has(column)
      ? Prisma.sql`${change[column] ?? null}::timestamptz`
      : Prisma.sql`${change[column] ?? null}::text`;
  const names = changed.map((column) => Prisma.raw(`"${column}"`));
  return Prisma.sql`
    INSERT INTO "Consent" ("id", "organizationId", "subscriberId", "purpose", ${Prisma.join([
      ...names,
      Prisma.raw(`"updatedAt"`),
    ])})
    VALUES (${newId()}, ${subscriber.organizationId}, ${subscriber.id},
      ${purpose}::"ConsentPurpose", ${Prisma.join([...changed.map(value), Prisma.sql`now()`])})
    ON CONFLICT ("subscriberId", "purpose") DO UPDATE SET ${Prisma.join(
      [...names, Prisma.raw(`"updatedAt"`)].map((name) => Prisma.sql`${name} = EXCLUDED.${name}`),
    )}`;
}
