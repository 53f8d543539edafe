// Publishing freezes the draft as the next numbered version: from then on the database
// refuses to change it, because it is what people consented to.
import "server-only";
import { SYSTEM_ACTOR, type Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import { checkFormContent } from "./form-content";
import { formContentFromVersion } from "./form-version-columns";

export async function publishForm(options: {
  organizationId: string;
  formId: string;
  userId: string;
  /** Who published it, for the audit log (scripts and seeds: the system). */
  actor?: Actor;
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
    const problems = checkFormContent(formContentFromVersion(draft), { kind: form.kind });
    if (problems.length > 0) {
      const fields: Record<string, string[]> = {};
      for (const problem of problems) (fields[problem.field] ??= []).push(problem.message);
      throw AppError.validation(fields, "Fix the highlighted content before publishing");
    }
    const previous = await tx.signupFormVersion.findFirst({
      where: { formId: form.id, publishedAt: { not: null } },
      orderBy: { version: "desc" },
    });
    const version = (previous?.version ?? 0) + 1;
    const published = await tx.signupFormVersion.update({
      where: { id: draft.id },
      data: {
        version,
        publishedAt: new Date(),
        publishedById: options.userId,
      },
    });
    const content = formContentFromVersion(published);
    const before = previous ? formContentFromVersion(previous) : null;
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "form.published",
      data: {
        formId: form.id,
        name: form.name,
        slug: form.slug,
        versionId: published.id,
        version,
        consentTextSha256: published.consentTextSha256,
        previousVersion: previous?.version ?? null,
        previousConsentTextSha256: previous?.consentTextSha256 ?? null,
        changedFields: (Object.keys(content) as (keyof typeof content)[]).filter(
          (field) => !before || JSON.stringify(content[field]) !== JSON.stringify(before[field]),
        ),
      },
      actor: options.actor ?? SYSTEM_ACTOR,
    });
    return published;
  });
}
