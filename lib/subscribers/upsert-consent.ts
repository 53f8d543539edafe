// The one way a subscriber's consent row is written: each purpose has one row per subscriber,
// created with the given fields on first use and set to them after that. Its history is in
// ConsentEvent, recorded by the caller in the same transaction.
import type { Tx } from "@/lib/db/types";
import type { Consent, ConsentPurpose } from "@/lib/generated/prisma/client";

export type ConsentChange = Partial<
  Pick<Consent, "grantedAt" | "confirmedAt" | "revokedAt" | "grantMethod" | "revokeMethod">
>;

export async function upsertConsent(
  tx: Tx,
  subscriber: { id: string; organizationId: string },
  purpose: ConsentPurpose,
  change: ConsentChange,
): Promise<void> {
  await tx.consent.upsert({
    where: { subscriberId_purpose: { subscriberId: subscriber.id, purpose } },
    create: {
      organizationId: subscriber.organizationId,
      subscriberId: subscriber.id,
      purpose,
      ...change,
    },
    update: change,
  });
}
