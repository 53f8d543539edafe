import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { checkFormContent } from "./form-content";
import { formContentFromVersion } from "./form-version-columns";

/** A form for the editor: its draft (or, without one, its latest version) and every published version. */
export async function getForm(options: { organizationId: string; formId: string }) {
  const form = await db.signupForm.findFirst({
    where: { id: options.formId, organizationId: options.organizationId },
    include: { audience: true, versions: { orderBy: [{ version: "desc" }] } },
  });
  if (!form) throw AppError.notFound("Form");
  const draft = form.versions.find((version) => version.publishedAt === null) ?? null;
  const published = form.versions.filter((version) => version.publishedAt !== null);
  const editing = draft ?? published[0];
  if (!editing) throw new Error(`Form ${form.id} has no versions`);
  const content = formContentFromVersion(editing);
  return {
    form,
    draft,
    published,
    latestPublished: published[0] ?? null,
    content,
    hasUnpublishedChanges: draft !== null,
    problems: checkFormContent(content, { kind: form.kind }),
  };
}
