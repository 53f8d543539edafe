// GET /dashboard/growth.csv: one growth chart's data as a CSV download, for the organization
// of the signed-in member, optionally narrowed to one of its audiences or forms (another
// organization's id is a 404, not an empty file).
import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { getGrowthReport } from "./get-growth-report";
import { growthCsv, GROWTH_CHARTS } from "./growth-csv";
import { growthRangeSchema } from "./growth-range";

const querySchema = growthRangeSchema.extend({
  chart: z.enum(GROWTH_CHARTS, { error: "Choose growth, sources or failures" }),
  audienceId: z.string().max(64).optional(),
  formId: z.string().max(64).optional(),
});

export async function exportGrowthCsv(options: {
  organizationId: string;
  searchParams: URLSearchParams;
  now?: Date;
}): Promise<{ filename: string; csv: string }> {
  const { organizationId } = options;
  const parsed = querySchema.safeParse(
    Object.fromEntries([...options.searchParams].filter(([, value]) => value !== "")),
  );
  if (!parsed.success) throw AppError.validation(fieldErrorsFromZod(parsed.error));
  const { chart, range, interval, audienceId, formId } = parsed.data;
  if (audienceId && !(await db.audience.count({ where: { id: audienceId, organizationId } }))) {
    throw AppError.notFound("Audience");
  }
  if (formId && !(await db.signupForm.count({ where: { id: formId, organizationId } }))) {
    throw AppError.notFound("Form");
  }
  const report = await getGrowthReport(
    { organizationId, audienceId, formId },
    { range, interval },
    options.now,
  );
  const scope = formId ? `form-${formId}` : audienceId ? `audience-${audienceId}` : "all";
  return {
    filename: `optline-${chart}-${scope}-${range}-by-${interval}-${report.range.buckets.at(-1)}.csv`,
    csv: growthCsv(report, chart),
  };
}
