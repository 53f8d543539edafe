import "server-only";
import { db } from "@/lib/db/client";

/** The names of the organization's forms, by id, for sentences that mention a form. */
export async function listFormNames(options: {
  organizationId: string;
  formIds?: string[];
}): Promise<Map<string, string>> {
  const forms = await db.signupForm.findMany({
    where: {
      organizationId: options.organizationId,
      ...(options.formIds ? { id: { in: options.formIds } } : {}),
    },
    select: { id: true, name: true },
  });
  return new Map(forms.map((form) => [form.id, form.name]));
}
