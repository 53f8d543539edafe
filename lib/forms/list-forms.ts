import "server-only";
import { db } from "@/lib/db/client";

export async function listForms(options: { organizationId: string; audienceId?: string }) {
  const forms = await db.signupForm.findMany({
    where: {
      organizationId: options.organizationId,
      ...(options.audienceId ? { audienceId: options.audienceId } : {}),
    },
    orderBy: { createdAt: "desc" },
    include: {
      audience: { select: { id: true, name: true } },
      versions: {
        where: { publishedAt: { not: null } },
        orderBy: { version: "desc" },
        take: 1,
        select: { version: true, publishedAt: true },
      },
      _count: { select: { subscribers: true } },
    },
  });
  return forms.map(({ versions, ...form }) => ({ ...form, latestVersion: versions[0] ?? null }));
}
