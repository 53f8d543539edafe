// The public face of a form: looked up by id or slug, with its latest published version.
// Unpublished forms do not exist to the public.
//
// Published versions never change (the database refuses it) and a new one has a new id, so
// they are kept in memory by id. Each call still reads the form row and the id of its latest
// published version (one indexed query): a version published on any server is seen at once,
// and the form's own settings (allowed sites) are always current. The same query reads the
// organization's branding switch, so it is current too and costs no extra round trip.
import "server-only";
import { db, sql } from "@/lib/db/client";
import type { SignupForm, SignupFormVersion } from "@/lib/generated/prisma/client";

export type PublishedVersion = SignupFormVersion & { version: number };
export interface PublishedForm {
  form: SignupForm;
  version: PublishedVersion;
  /** The organization's privacy portal slug (/p/<slug>), linked from the hosted page. */
  organizationSlug: string;
  /** Show "double opt-in by optline" and the "· optline" title suffix (organization setting). */
  showPoweredBy: boolean;
}

const CACHED_VERSIONS = 1000;
const versions = new Map<string, PublishedVersion>();

export async function getPublishedForm(formIdOrSlug: string): Promise<PublishedForm | null> {
  if (!/^[\w-]{1,64}$/.test(formIdOrSlug)) return null;
  const [row] = await sql.$queryRaw<
    (SignupForm & {
      publishedVersionId: string | null;
      organizationSlug: string;
      showPoweredBy: boolean;
    })[]
  >`
    SELECT f.*, o."showPoweredBy", o."slug" AS "organizationSlug", (
      SELECT v."id" FROM "SignupFormVersion" v
      WHERE v."formId" = f."id" AND v."publishedAt" IS NOT NULL
      ORDER BY v."version" DESC LIMIT 1
    ) AS "publishedVersionId"
    FROM "SignupForm" f
    JOIN "Organization" o ON o."id" = f."organizationId"
    WHERE f."id" = ${formIdOrSlug} OR f."slug" = ${formIdOrSlug}
    LIMIT 1`;
  if (!row?.publishedVersionId) return null;
  const { publishedVersionId, organizationSlug, showPoweredBy, ...form } = row;
  const version = await getPublishedVersion(form.id, publishedVersionId);
  return version ? { form, version, organizationSlug, showPoweredBy } : null;
}

/** One of the form's published versions, by id (from memory once loaded), or null. */
export async function getPublishedVersion(
  formId: string,
  versionId: string,
): Promise<PublishedVersion | null> {
  const cached = versions.get(versionId);
  if (cached) return cached.formId === formId ? cached : null;
  const row = await db.signupFormVersion.findFirst({
    where: { id: versionId, formId, publishedAt: { not: null } },
  });
  if (!row || row.version === null) return null;
  const version = Object.freeze({ ...row, version: row.version });
  if (versions.size >= CACHED_VERSIONS) versions.delete(versions.keys().next().value!);
  versions.set(versionId, version);
  return version;
}
