import "server-only";
import { db } from "@/lib/db/client";
import { isOrganizationSlug } from "@/lib/organizations/organization-slug";

export interface PortalOrganization {
  id: string;
  name: string;
  slug: string;
}

/** The organization whose portal /p/<slug> is; a malformed slug is not even looked up. */
export async function findPortalOrganization(slug: string): Promise<PortalOrganization | null> {
  if (!isOrganizationSlug(slug)) return null;
  return db.organization.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true },
  });
}
