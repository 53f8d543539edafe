import "server-only";
import { randomBytes } from "node:crypto";
import { SYSTEM_ACTOR, type Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { AppError, parseInput } from "@/lib/errors";
import { defaultFormContent } from "./form-content";
import { ZCreateFormSchema } from "./form-schemas";
import { formVersionColumns } from "./form-version-columns";
import { slugBase } from "@/lib/organizations/organization-slug";

/** A new form with a draft in the locale's default wording, ready to edit and publish. */
export async function createForm(options: {
  organizationId: string;
  input: unknown;
  /** Who created it, for the audit log (scripts and seeds: the system). */
  actor?: Actor;
}) {
  const input = parseInput(ZCreateFormSchema, options.input);
  const audience = await db.audience.findFirst({
    where: { id: input.audienceId, organizationId: options.organizationId },
  });
  if (!audience) throw AppError.validation({ audienceId: ["Choose one of your audiences"] });

  const content = defaultFormContent(input);
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const form = await tx.signupForm.create({
          data: {
            organizationId: options.organizationId,
            audienceId: audience.id,
            name: input.name,
            slug: slugFor(input.name),
            kind: input.kind,
          },
        });
        await tx.signupFormVersion.create({
          data: {
            organizationId: options.organizationId,
            formId: form.id,
            ...formVersionColumns(content),
          },
        });
        await recordEvent(tx, {
          organizationId: options.organizationId,
          type: "form.created",
          data: {
            formId: form.id,
            name: form.name,
            slug: form.slug,
            kind: form.kind,
            audienceId: audience.id,
          },
          actor: options.actor ?? SYSTEM_ACTOR,
        });
        return form;
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

/** "Spring Deals!" -> "spring-deals-k3f9": readable, and unguessable enough not to collide. */
export function slugFor(name: string): string {
  const base = slugBase(name);
  const suffix = randomBytes(3).toString("hex").slice(0, 4);
  return `${base || "form"}-${suffix}`;
}
