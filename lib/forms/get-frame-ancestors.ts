// Where a form may be framed: its allowed origins, or anywhere when it lists none. Cached
// briefly per process because proxy.ts asks on every request to /f/….
import { db } from "@/lib/db/client";

const TTL_MS = 30_000;
const cache = new Map<string, { origins: string[]; expires: number }>();

export async function getFrameAncestors(slug: string): Promise<string[]> {
  const hit = cache.get(slug);
  if (hit && hit.expires > Date.now()) return hit.origins;
  const form = /^[\w-]{1,64}$/.test(slug)
    ? await db.signupForm.findFirst({
        where: { OR: [{ slug }, { id: slug }] },
        select: { allowedOrigins: true },
      })
    : null;
  const origins = form?.allowedOrigins ?? [];
  if (cache.size > 5000) cache.clear();
  cache.set(slug, { origins, expires: Date.now() + TTL_MS });
  return origins;
}
