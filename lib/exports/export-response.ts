// The HTTP answer for a started export, the same from the API and the dashboard: the file as
// a download, streamed, with the export's id and where its manifest (row count, SHA-256) is
// once the last byte has gone.
import type { StartedExport } from "./run-export";

export function exportResponse(started: StartedExport): Response {
  return new Response(started.stream, {
    status: 200,
    headers: {
      "Content-Type": started.contentType,
      "Content-Disposition": `attachment; filename="${started.filename}"`,
      "Cache-Control": "no-store",
      "X-Export-Id": started.exportId,
      Link: `</api/v1/exports/${started.exportId}>; rel="describedby"`,
      "Access-Control-Expose-Headers": "X-Export-Id, Link",
    },
  });
}
