// Whether an organization must not text or add a number: an opt-out suppression (kept in
// clear) or an erased number (kept as its keyed hash). Import, staff add and the API refuse a
// suppressed number; only the person's own new opt-in through a signup form (double opt-in)
// brings it back.
import "server-only";
import { db } from "@/lib/db/client";
import type { DbClient } from "@/lib/db/types";
import { phoneHash } from "./phone-hash";

export const SUPPRESSED_MESSAGE =
  "This number opted out or had its data erased: it can only come back by signing up itself";

export async function isPhoneSuppressed(options: {
  organizationId: string;
  phone: string;
  client?: DbClient;
}): Promise<boolean> {
  const { organizationId, phone } = options;
  const row = await (options.client ?? db).suppression.findFirst({
    where: { organizationId, OR: [{ phone }, { phoneHash: phoneHash(organizationId, phone) }] },
    select: { id: true },
  });
  return row !== null;
}
