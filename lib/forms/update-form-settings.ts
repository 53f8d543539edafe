import "server-only";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, parseInput } from "@/lib/errors";
import { ZFormSettingsSchema } from "./form-schemas";

export async function updateFormSettings(options: {
  organizationId: string;
  formId: string;
  input: unknown;
}) {
  const settings = parseInput(ZFormSettingsSchema, options.input);
  try {
    const { count } = await db.signupForm.updateMany({
      where: { id: options.formId, organizationId: options.organizationId },
      data: settings,
    });
    if (count === 0) throw AppError.notFound("Form");
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.validation({ slug: ["This address is taken"] });
    throw error;
  }
}
