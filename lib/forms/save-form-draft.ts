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
  const parsed = parseInput(ZFormContentSchema, options.input);
  const form = await db.signupForm.findFirst({
    where: { id: options.formId, organizationId: options.organizationId },
  });
  if (!form) throw AppError.notFound("Form");
  // An enrollment form always verifies by code: that is what it is for.
  const content =
    form.kind === "ENROLLMENT" ? { ...parsed, verificationMethod: "CODE" as const } : parsed;
  const columns = formVersionColumns(content);
  await db.$transaction(async (tx) => {
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
  return { problems: checkFormContent(content, { kind: form.kind }) };
}
