// Folds an organization's appended growth changes (GrowthChange, written by the triggers of
// 20261224110000_growth_rollup) into its per-day counts (GrowthCount), so that the charts read
// one small row per day, kind and form instead of a row per change. One statement: the changes
// it removes are exactly the ones it adds, and readers (who sum both tables in one statement)
// see either all of them before or all after. Two folds at once never count a change twice:
// the second skips rows the first deleted.
import "server-only";
import { db } from "@/lib/db/client";

export async function foldGrowthChanges(options: { organizationId: string }): Promise<void> {
  await db.$executeRaw`
    WITH moved AS (
      DELETE FROM "GrowthChange" WHERE "organizationId" = ${options.organizationId}
      RETURNING "organizationId", "audienceId", "formId", "day", "kind", "source", "delta"
    )
    INSERT INTO "GrowthCount" ("organizationId", "audienceId", "formId", "day", "kind", "source", "count")
    SELECT "organizationId", "audienceId", "formId", "day", "kind", "source", sum("delta")::int
      FROM moved GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("organizationId", "kind", "day", "audienceId", "formId", "source")
    DO UPDATE SET "count" = "GrowthCount"."count" + EXCLUDED."count"`;
}
