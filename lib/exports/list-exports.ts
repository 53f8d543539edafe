// The organization's past exports with their manifests, newest first, for the dashboard.
import "server-only";
import { db } from "@/lib/db/client";
import { MANIFEST_INCLUDE, toManifest, type ExportManifest } from "./get-export-manifest";

export async function listExports(options: {
  organizationId: string;
  limit?: number;
}): Promise<ExportManifest[]> {
  const rows = await db.dataExport.findMany({
    where: { organizationId: options.organizationId },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: options.limit ?? 50,
    include: MANIFEST_INCLUDE,
  });
  return rows.map(toManifest);
}
