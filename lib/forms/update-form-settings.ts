// A form's name, address and the sites allowed to embed it. What changed goes to the audit
// log: the address and the embedding sites decide where people can see the form.
import "server-only";
import { SYSTEM_ACTOR, type Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, parseInput } from "@/lib/errors";
import { ZFormSettingsSchema } from "./form-schemas";

export async function updateFormSettings(options: {
  organizationId: string;
  formId: string;
  input: unknown;
  actor?: Actor;
}) {
  const settings = parseInput(ZFormSettingsSchema, options.input);
  try {
    await db.$transaction(async (tx) => {
      const form = await tx.signupForm.findFirst({
        where: { id: options.formId, organizationId: options.organizationId },
      });
      if (!form) throw AppError.notFound("Form");
      const before = { ...form, allowedOrigins: form.allowedOrigins.join(", ") };
      const after = { ...settings, allowedOrigins: settings.allowedOrigins.join(", ") };
      const changes: Record<string, { from: string | null; to: string | null }> = {};
      for (const field of ["name", "slug", "allowedOrigins"] as const)
        if (before[field] !== after[field])
          changes[field] = { from: before[field] || null, to: after[field] || null };
      if (Object.keys(changes).length === 0) return;
      await tx.signupForm.update({ where: { id: form.id }, data: settings });
      await recordEvent(tx, {
        organizationId: options.organizationId,
        type: "form.settings_changed",
        data: { formId: form.id, name: settings.name, changes },
        actor: options.actor ?? SYSTEM_ACTOR,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.validation({ slug: ["This address is taken"] });
    throw error;
  }
}
