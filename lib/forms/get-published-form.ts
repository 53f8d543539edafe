// The public face of a form: looked up by id or slug, with its latest published version.
// Unpublished forms do not exist to the public.
import "server-only";
import { db } from "@/lib/db/client";

export async function getPublishedForm(formIdOrSlug: string) {
  if (!/^[\w-]{1,64}$/.test(formIdOrSlug)) return null;
  const form = await db.signupForm.findFirst({
    where: { OR: [{ id: formIdOrSlug }, { slug: formIdOrSlug }] },
    include: {
      versions: { where: { publishedAt: { not: null } }, orderBy: { version: "desc" }, take: 1 },
    },
  });
  const version = form?.versions[0];
  if (!form || !version || version.version === null) return null;
  return { form, version: { ...version, version: version.version } };
}

export type PublishedForm = NonNullable<Awaited<ReturnType<typeof getPublishedForm>>>;
