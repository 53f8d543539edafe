import "server-only";
import { db } from "@/lib/db/client";
import { AppError, parseInput } from "@/lib/errors";
import { checkFormContent, ZFormContentSchema } from "./form-content";
import { formVersionColumns } from "./form-version-columns";

/** Saves editor content into the form's draft, creating the draft if the form has none. */
export async function saveFormDraft(options: {
  organizationId: string;
  formId: string;
  input: unknown;
}) {
  const content = parseInput(ZFormContentSchema, options.input);
  const columns = formVersionColumns(content);
  await db.$transaction(async (tx) => {
    const form = await tx.signupForm.findFirst({
      where: { id: options.formId, organizationId: options.organizationId },
    });
    if (!form) throw AppError.notFound("Form");
    await tx.$queryRaw`SELECT 1 FROM "SignupForm" WHERE "id" = ${form.id} FOR UPDATE`;
    const draft = await tx.signupFormVersion.findFirst({
      where: { formId: form.id, publishedAt: null },
    });
    if (draft) {
      await tx.signupFormVersion.update({ where: { id: draft.id }, data: columns });
    } else {
      await tx.signupFormVersion.create({
        data: { organizationId: options.organizationId, formId: form.id, ...columns },
      });
    }
  });
  return { problems: checkFormContent(content) };
}
