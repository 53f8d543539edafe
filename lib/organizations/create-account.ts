// A user, their organization, and an OWNER membership, in one transaction. People get here
// through the emailed sign-up link (lib/accounts/complete-sign-up.ts); tests and the demo seed
// call createAccount directly.
import "server-only";
import { assertPasswordAllowed } from "@/lib/auth/password-policy";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Tx } from "@/lib/db/types";
import { AppError, parseInput } from "@/lib/errors";
import { ZSignUpSchema } from "./account-schemas";
import { freeOrganizationSlug } from "./organization-slug";

export async function createAccount(input: unknown) {
  const account = parseInput(ZSignUpSchema, input);
  assertPasswordAllowed(account.password, account.email);
  const passwordHash = await hashPassword(account.password);
  return insertAccount({ ...account, passwordHash });
}

export async function insertAccount(account: {
  email: string;
  name: string;
  organizationName: string;
  passwordHash: string;
}) {
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: account.email, name: account.name, passwordHash: account.passwordHash },
      });
      const organization = await insertOrganization(tx, {
        userId: user.id,
        organizationName: account.organizationName,
      });
      return { user: { id: user.id, email: user.email, name: user.name }, organization };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw AppError.validation({
        email: ["An account with this email already exists. Sign in instead."],
      });
    }
    throw error;
  }
}

/** A new organization with `userId` as its owner. */
export async function insertOrganization(
  tx: Tx,
  options: { userId: string; organizationName: string },
) {
  const organization = await tx.organization.create({
    data: {
      name: options.organizationName,
      slug: await freeOrganizationSlug(tx, options.organizationName),
    },
  });
  await tx.membership.create({
    data: { organizationId: organization.id, userId: options.userId, role: "OWNER" },
  });
  return organization;
}
