// The form (and published version) a verification belongs to: its wording, expiry and
// consent texts. Scoped to the verification's organization.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export async function getVerificationForm(options: {
  organizationId: string;
  formId: string | null;
  /** The version the person saw; must be one of the form's published versions. */
  formVersionId?: string;
}) {
  if (!options.formId) throw AppError.notFound("Form");
  const form = await db.signupForm.findFirst({
    where: { id: options.formId, organizationId: options.organizationId },
    include: {
      versions: {
        where: {
          publishedAt: { not: null },
          ...(options.formVersionId ? { id: options.formVersionId } : {}),
        },
        orderBy: { version: "desc" },
        take: 1,
      },
    },
  });
  const version = form?.versions[0];
  if (!form || !version || version.version === null) {
    if (form && options.formVersionId) {
      throw AppError.validation(
        { formVersionId: ["Unknown form version"] },
        "This form has changed. Reload the page.",
      );
    }
    throw AppError.notFound("Form");
  }
  return { form, version: { ...version, version: version.version } };
}

export type VerificationForm = Awaited<ReturnType<typeof getVerificationForm>>;
