// The manifest of an export: what was asked for, how many rows, the SHA-256 of the file and
// who generated it when. The hash exists only once the file has been streamed to the end,
// so it is served separately from the file (the download names it in X-Export-Id and Link).
import "server-only";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  toCheckpointSummary,
  type CheckpointSummary,
} from "@/lib/consent-events/publish-checkpoint";
import type { DataExport, EvidenceCheckpoint } from "@/lib/generated/prisma/client";

export interface ExportManifest {
  id: string;
  kind: string;
  format: string;
  /** running | completed | failed */
  status: string;
  filters: unknown;
  rowCount: number | null;
  sha256: string | null;
  startedAt: string;
  /** When the last byte was produced (completed) or the export stopped (failed). */
  generatedAt: string | null;
  generatedBy: { type: string; id: string | null; name: string | null };
  /**
   * The evidence checkpoint published as the export started (it covers every event the file
   * can hold). Keep its root: GET /api/v1/evidence/verify?checkpoint=<root> later tells
   * whether any of that evidence has gone.
   */
  checkpoint: CheckpointSummary | null;
}

/** Loads a manifest's checkpoint with its export row. */
export const MANIFEST_INCLUDE = { checkpoint: true } as const;

export function toManifest(
  row: DataExport & { checkpoint: EvidenceCheckpoint | null },
): ExportManifest {
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    status: row.status,
    filters: row.filters,
    rowCount: row.rowCount,
    sha256: row.sha256,
    startedAt: row.startedAt.toISOString(),
    generatedAt: row.completedAt?.toISOString() ?? null,
    generatedBy: { type: row.actorType.toLowerCase(), id: row.actorId, name: row.actorName },
    checkpoint: row.checkpoint ? toCheckpointSummary(row.checkpoint) : null,
  };
}

export async function getExportManifest(options: {
  organizationId: string;
  exportId: string;
}): Promise<ExportManifest> {
  const row = await db.dataExport.findFirst({
    where: { id: options.exportId, organizationId: options.organizationId },
    include: MANIFEST_INCLUDE,
  });
  if (!row) throw AppError.notFound("Export");
  return toManifest(row);
}
