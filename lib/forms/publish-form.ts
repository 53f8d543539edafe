// Publishing freezes the draft as the next numbered version: from then on the database
// refuses to change it, because it is what people consented to. Content that fails the CTIA
// and carrier checks (placeholders, missing terms or privacy link) is refused, one message
// per problem on its field.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import { checkFormContent, warnFormSegments } from "./form-content";
import { formContentFromVersion } from "./form-version-columns";

export async function publishForm(options: {
  organizationId: string;
  formId: string;
  userId: string;
}) {
  return db.$transaction(async (tx) => {
    const form = await tx.signupForm.findFirst({
      where: { id: options.formId, organizationId: options.organizationId },
    });
    if (!form) throw AppError.notFound("Form");
    await tx.$queryRaw`SELECT 1 FROM "SignupForm" WHERE "id" = ${form.id} FOR UPDATE`;
    const draft = await tx.signupFormVersion.findFirst({
      where: { formId: form.id, publishedAt: null },
    });
    if (!draft)
      throw new AppError(ErrorCode.CONFLICT, "There are no unpublished changes to publish");
    const content = formContentFromVersion(draft);
    const problems = checkFormContent(content, { kind: form.kind });
    if (problems.length > 0) {
      const fields: Record<string, string[]> = {};
      for (const problem of problems) (fields[problem.field] ??= []).push(problem.message);
      throw AppError.validation(fields, "Fix the highlighted content before publishing");
    }
    const latest = await tx.signupFormVersion.aggregate({
      where: { formId: form.id },
      _max: { version: true },
    });
    const published = await tx.signupFormVersion.update({
      where: { id: draft.id },
      data: {
        version: (latest._max.version ?? 0) + 1,
        publishedAt: new Date(),
        publishedById: options.userId,
      },
    });
    // Long texts still publish (they are legal, only dearer); the editor shows why.
    return { ...published, warnings: warnFormSegments(content) };
  });
}
