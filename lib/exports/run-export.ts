// The machinery every export shares: a DataExport row (running → completed | failed), a web
// ReadableStream that reads the database one keyset page at a time (memory stays flat
// whatever the row count), the SHA-256 of exactly the bytes sent, and, when the stream ends,
// the manifest and its export.created event written in one transaction.
import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import type { ExportFilters, ExportFormat, ExportKind } from "./export-schemas";
import { PageWriter, type ExportWriter } from "./page-writer";

/** Rows per database round trip: big enough to amortize it, small enough to stay flat. */
export const EXPORT_PAGE_SIZE = 2000;

export interface ExportSource<Row> {
  /** The page after `after` (null: the first page), in keyset order, at most `pageSize` rows. */
  readPage(after: Row | null, pageSize: number): Promise<Row[]>;
  /** The first line(s) of the file (a CSV header), or "". */
  header: string;
  /** Writes one row as a line of text, with its line ending, in as many pieces as suits it. */
  encode(row: Row, out: ExportWriter): void;
}

export interface StartExportOptions<Row> {
  organizationId: string;
  actor: Actor;
  kind: ExportKind;
  format: ExportFormat;
  filters: ExportFilters;
  source: ExportSource<Row>;
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

export async function startExport<Row>(options: StartExportOptions<Row>): Promise<StartedExport> {
  const { organizationId, actor, kind, format, filters, source } = options;
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE;
  const record = await db.dataExport.create({
    data: {
      organizationId,
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

  const writer = new PageWriter();
  const hash = createHash("sha256");
  let rowCount = 0;
  let next: Promise<Row[]> | null = null;
  let started = false;
  let cancelled = false;
  let settlement: Promise<void> | null = null;

  // The first outcome wins: a cancelled download stays "failed" even if a read was in flight.
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

  const read = (after: Row | null): Promise<Row[]> => {
    const page = source.readPage(after, pageSize);
    // Awaited by the next pull; this only keeps a read abandoned by a cancel from going unhandled.
    page.catch(() => {});
    return page;
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const emit = () => {
          const bytes = writer.take();
          if (bytes.length === 0) return;
          hash.update(bytes);
          controller.enqueue(bytes);
        };
        if (!started) {
          started = true;
          next = read(null);
          // Every pull must enqueue or close, or the stream would wait for a read that never comes.
          if (source.header) {
            writer.write(source.header);
            return emit();
          }
        }
        const rows = await (next ?? Promise.resolve([]));
        if (cancelled) return;
        // Read ahead: the database fetches the next page while this one is encoded and sent.
        next = rows.length === pageSize ? read(rows[rows.length - 1]!) : null;
        for (const row of rows) source.encode(row, writer);
        rowCount += rows.length;
        emit();
        if (next === null) {
          await settle("completed");
          controller.close();
        }
      } catch (error) {
        await settle("failed").catch((settleError: unknown) =>
          console.error(`[exports] could not record the failure of ${exportId}:`, settleError),
        );
        controller.error(error);
      }
    },
    async cancel() {
      cancelled = true;
      await settle("failed").catch((error: unknown) =>
        console.error(`[exports] could not record the cancelled export ${exportId}:`, error),
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
