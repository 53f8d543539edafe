// A signed-in user starts another organization (or their first again, after being removed
// from the last one), as its owner.
import "server-only";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/errors";
import { ZCreateOrganizationSchema } from "./account-schemas";
import { insertOrganization } from "./create-account";

export async function createOrganization(options: { userId: string; input: unknown }) {
  const { organizationName } = parseInput(ZCreateOrganizationSchema, options.input);
  return db.$transaction((tx) =>
    insertOrganization(tx, { userId: options.userId, organizationName }),
  );
}
