// The machinery every export shares: a DataExport row (running → completed | failed), a web
// ReadableStream that passes the database's output on as the reader takes it (memory stays
// flat whatever the row count), the SHA-256 of exactly the bytes sent, and, when the stream
// ends, the manifest and its export.created event written in one transaction. Each export
// names the evidence checkpoint published as it started.
import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/consent-events/actor";
import { publishCheckpoint } from "@/lib/consent-events/publish-checkpoint";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log/logger";
import { readExport, type ExportQuery } from "./export-query";
import type { ExportFilters, ExportFormat, ExportKind } from "./export-schemas";

export interface StartExportOptions {
  organizationId: string;
  actor: Actor;
  kind: ExportKind;
  filters: ExportFilters;
  /** The first line of the file (a CSV header), or "". */
  header: string;
  query: ExportQuery;
  /** Rows per query where the export is paged (PGlite); tests make it small. */
  pageSize?: number;
}

export interface StartedExport {
  exportId: string;
  /** The file. Its manifest is completed (or failed) just before the stream closes (or errors). */
  stream: ReadableStream<Uint8Array>;
  filename: string;
  contentType: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  ndjson: "application/x-ndjson; charset=utf-8",
};

export async function startExport(options: StartExportOptions): Promise<StartedExport> {
  const { organizationId, actor, kind, filters, header, query } = options;
  const { format } = query;
  // A checkpoint over every chain as the export starts, named by its manifest.
  const checkpoint = await publishCheckpoint({ organizationId });
  const record = await db.dataExport.create({
    data: {
      organizationId,
      checkpointId: checkpoint?.id ?? null,
      kind,
      format,
      filters,
      status: "running",
      actorType: actor.type,
      actorId: actor.id ?? null,
      actorName: actor.name ?? null,
    },
    select: { id: true, startedAt: true },
  });
  const exportId = record.id;

  const hash = createHash("sha256");
  let rowCount: number | null = null;
  let body: AsyncGenerator<Uint8Array, number> | null = null;
  let cancelled = false;
  let settlement: Promise<void> | null = null;

  // The first outcome wins: a cancelled download stays "failed" even if a read was in flight.
  // A failed file has no hash and no row count: what got through is not a whole file.
  const settle = (status: "completed" | "failed"): Promise<void> =>
    (settlement ??= db.$transaction(async (tx) => {
      const sha256 = status === "completed" ? hash.digest("hex") : null;
      await tx.dataExport.update({
        where: { id: exportId, organizationId },
        data: { status, rowCount, sha256, completedAt: new Date() },
      });
      await recordEvent(tx, {
        organizationId,
        type: "export.created",
        data: { exportId, kind, format, filters, status, rowCount, sha256 },
        actor,
      });
    }));

  const stream = new ReadableStream<Uint8Array>({
    // Every pull enqueues, closes or errors, or the reader would wait for nothing.
    async pull(controller) {
      try {
        const send = (bytes: Uint8Array) => {
          hash.update(bytes);
          controller.enqueue(bytes);
        };
        if (!body) {
          body = readExport(query, options.pageSize);
          if (header) return send(new TextEncoder().encode(header));
        }
        const next = await body.next();
        if (cancelled) return;
        if (!next.done) return send(next.value);
        rowCount = next.value;
        await settle("completed");
        controller.close();
      } catch (error) {
        await settle("failed").catch((settleError: unknown) =>
          log.error(
            { event: "export.settle_failed", exportId, err: settleError },
            "could not record a failed export",
          ),
        );
        controller.error(error);
      }
    },
    async cancel() {
      cancelled = true;
      // Ends the database's work too (on PostgreSQL, the COPY's connection is closed).
      await body?.return(0).catch(() => {});
      await settle("failed").catch((error: unknown) =>
        log.error(
          { event: "export.settle_failed", exportId, err: error },
          "could not record a cancelled export",
        ),
      );
    },
  });

  const day = record.startedAt.toISOString().slice(0, 10);
  return {
    exportId,
    stream,
    filename: `optline-${kind.replace("_", "-")}-${day}-${exportId}.${format}`,
    contentType: CONTENT_TYPES[format],
  };
}
