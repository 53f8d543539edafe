// The slug of an organization's privacy portal (/p/<slug>): readable, from its name, the same
// way the migration 20261223090000_organization_slug made them for existing organizations.
// A name whose slug is taken gets a short random suffix.
import "server-only";
import { randomBytes } from "node:crypto";
import type { Tx } from "@/lib/db/types";

/** "Café Crème GmbH" -> "cafe-creme-gmbh": accents dropped, lowercase, dashes, 40 at most. */
export function slugBase(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

export function baseOrganizationSlug(name: string): string {
  return slugBase(name) || "org";
}

/** A slug no organization has yet (checked in the caller's transaction). */
export async function freeOrganizationSlug(tx: Tx, name: string): Promise<string> {
  const base = baseOrganizationSlug(name);
  let candidate = base;
  for (let attempt = 0; attempt < 5; attempt++) {
    const taken = await tx.organization.findUnique({
      where: { slug: candidate },
      select: { id: true },
    });
    if (!taken) return candidate;
    candidate = `${base}-${randomBytes(3).toString("hex")}`;
  }
  return `${base}-${randomBytes(8).toString("hex")}`;
}

/** What a slug in a URL can be: anything else is answered "not found" before any query. */
export function isOrganizationSlug(value: string): boolean {
  return /^[a-z0-9][a-z0-9-]{0,60}$/.test(value);
}
