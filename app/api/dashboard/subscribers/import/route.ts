// POST /api/dashboard/subscribers/import?audienceId=&country=&mapping=: the Add subscribers
// page's CSV import (session cookie). The body is the CSV file; the answer an NDJSON progress
// stream (lib/subscribers/import-progress-response.ts). Outside /dashboard so that the proxy,
// which buffers the bodies of the requests it sees, does not hold the file.
import { requireActionMembership } from "@/lib/auth/require-membership";
import { AppError, ErrorCode } from "@/lib/errors";
import { withApiErrors } from "@/lib/http/api-response";
import { ZColumnMapping } from "@/lib/subscribers/column-mapping";
import { importProgressResponse } from "@/lib/subscribers/import-progress-response";

export const POST = withApiErrors(async (request: Request) => {
  // A cross-site page must not make a member's browser import (the cookie may ride along).
  if (request.headers.get("sec-fetch-site") === "cross-site")
    throw new AppError(ErrorCode.FORBIDDEN, "Import from the optline dashboard.");
  if (!/^text\/csv\b/i.test(request.headers.get("content-type") ?? ""))
    throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the file as text/csv");
  const membership = await requireActionMembership("subscribers:write");
  const params = new URL(request.url).searchParams;
  const mapping = params.get("mapping");
  return importProgressResponse({
    request,
    membership,
    audienceId: params.get("audienceId") ?? "",
    defaultCountry: params.get("country") || "US",
    mapping: mapping === null ? undefined : parseMapping(mapping),
  });
});

function parseMapping(text: string) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = null;
  }
  const parsed = ZColumnMapping.safeParse(value);
  if (!parsed.success)
    throw AppError.validation({
      mapping: ["Choose a column for phone, consent time and evidence"],
    });
  return parsed.data;
}
