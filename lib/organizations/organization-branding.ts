// Whether the organization's hosted forms say "double opt-in by optline" (footer) and end
// their page title with "· optline". Owners can turn both off; the change is audited. The
// public form reads the setting in the query that already loads the form (get-published-form),
// so there is no cache of it to invalidate: every server sees a change on the next view.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export async function getOrganizationBranding(options: { organizationId: string }) {
  const organization = await db.organization.findFirst({
    where: { id: options.organizationId },
    select: { showPoweredBy: true },
  });
  if (!organization) throw AppError.notFound("Organization");
  return organization;
}

/** Sets the footer on or off; an unchanged value records nothing. */
export async function setOrganizationBranding(options: {
  organizationId: string;
  showPoweredBy: boolean;
  actor: Actor;
}): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.organization.updateMany({
      where: { id: options.organizationId, showPoweredBy: !options.showPoweredBy },
      data: { showPoweredBy: options.showPoweredBy },
    });
    if (count === 0) return { changed: false };
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "organization.branding_changed",
      data: { showPoweredBy: options.showPoweredBy },
      actor: options.actor,
    });
    return { changed: true };
  });
}
