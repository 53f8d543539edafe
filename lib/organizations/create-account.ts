// Sign-up: a user, their organization, and an OWNER membership, in one transaction.
import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, parseInput } from "@/lib/errors";
import { ZSignUpSchema } from "./account-schemas";

export async function createAccount(input: unknown) {
  const account = parseInput(ZSignUpSchema, input);
  const passwordHash = await hashPassword(account.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: account.email, name: account.name, passwordHash },
      });
      const organization = await tx.organization.create({
        data: { name: account.organizationName },
      });
      await tx.membership.create({
        data: { organizationId: organization.id, userId: user.id, role: "OWNER" },
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
