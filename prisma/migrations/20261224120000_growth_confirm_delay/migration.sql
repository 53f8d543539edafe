-- The median time from signup to YES from the per-day counts too (lib/growth), instead of
-- reading up to a year of confirmations. A new kind in "GrowthCount" and "GrowthChange":
--   confirm_delay   Subscriber.confirmedAt (the day of the YES, like confirmation), with
--                   "source" holding the time from signup to confirmation, bucketed, in seconds
-- The median is then percentile_cont(0.5) over the range's summed bucket counts, which equals
-- percentile_cont(0.5) over the subscribers' bucketed delays (confirmationSummaryDirectSql).
--
-- The buckets are the precision the dashboard shows the figure at (formatDuration): whole
-- seconds under a minute, whole minutes under a day, whole hours beyond; truncated toward zero
-- (a negative delay is an import whose consent predates its row). Finer buckets buy nothing
-- visible and cost rows: with whole seconds up to 10 minutes, confirmations spread over 30 s
-- to 10 min (npm run bench:charts) fill a distinct bucket each, as many rows as confirmations.
-- Inlined by the planner (one SQL expression), so the triggers pay no function call per row.
CREATE OR REPLACE FUNCTION growth_confirm_delay_bucket(seconds numeric) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CASE WHEN abs(seconds) < 60 THEN trunc(seconds)
                 WHEN abs(seconds) < 86400 THEN trunc(seconds / 60) * 60
                 ELSE trunc(seconds / 3600) * 3600 END)::bigint
  $$;

-- Writers wait until this commits (the lock CREATE TRIGGER takes): a row they changed through
-- the old trigger function, after the counts below were taken, would be missing from them.
LOCK TABLE "Subscriber" IN SHARE ROW EXCLUSIVE MODE;

-- As in 20261224110000_growth_rollup, with confirm_delay added (third column: the source).
CREATE OR REPLACE FUNCTION growth_subscriber_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT c."organizationId", c."audienceId", coalesce(c."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, x.source, sum(c.sign)::int
      FROM (SELECT *, 1 AS sign FROM new_rows) c
     CROSS JOIN LATERAL (VALUES
       ('signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' THEN c."createdAt" END, ''),
       ('confirmed_signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' AND c."confirmedAt" IS NOT NULL
                                 THEN c."createdAt" END, ''),
       ('confirmation', c."confirmedAt", ''),
       ('confirm_delay', c."confirmedAt",
        growth_confirm_delay_bucket(extract(epoch FROM c."confirmedAt" - c."createdAt"))::text),
       ('opt_out', c."unsubscribedAt", '')) AS x(kind, at, source)
     WHERE x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(c.sign) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT c."organizationId", c."audienceId", coalesce(c."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, x.source, sum(c.sign)::int
      FROM (SELECT *, -1 AS sign FROM old_rows) c
     CROSS JOIN LATERAL (VALUES
       ('signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' THEN c."createdAt" END, ''),
       ('confirmed_signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' AND c."confirmedAt" IS NOT NULL
                                 THEN c."createdAt" END, ''),
       ('confirmation', c."confirmedAt", ''),
       ('confirm_delay', c."confirmedAt",
        growth_confirm_delay_bucket(extract(epoch FROM c."confirmedAt" - c."createdAt"))::text),
       ('opt_out', c."unsubscribedAt", '')) AS x(kind, at, source)
     WHERE x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(c.sign) <> 0;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT c."organizationId", c."audienceId", coalesce(c."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, x.source, sum(c.sign)::int
      FROM (SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 AS sign FROM old_rows) c
     CROSS JOIN LATERAL (VALUES
       ('signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' THEN c."createdAt" END, ''),
       ('confirmed_signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' AND c."confirmedAt" IS NOT NULL
                                 THEN c."createdAt" END, ''),
       ('confirmation', c."confirmedAt", ''),
       ('confirm_delay', c."confirmedAt",
        growth_confirm_delay_bucket(extract(epoch FROM c."confirmedAt" - c."createdAt"))::text),
       ('opt_out', c."unsubscribedAt", '')) AS x(kind, at, source)
     WHERE x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(c.sign) <> 0;
  END IF;
  -- A subscriber moved to another form (a new signup through it): its marketing consent's
  -- counts move along.
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT m."organizationId", m."audienceId", m."formId", (x.at AT TIME ZONE 'UTC')::date, x.kind,
           coalesce(k."grantMethod", ''), sum(m.sign)::int
      FROM (SELECT n."id", n."organizationId", n."audienceId", coalesce(n."formId", '') AS "formId", 1 AS sign
              FROM old_rows o JOIN new_rows n ON n."id" = o."id"
             WHERE o."audienceId" <> n."audienceId" OR o."formId" IS DISTINCT FROM n."formId"
            UNION ALL
            SELECT o."id", o."organizationId", o."audienceId", coalesce(o."formId", ''), -1
              FROM old_rows o JOIN new_rows n ON n."id" = o."id"
             WHERE o."audienceId" <> n."audienceId" OR o."formId" IS DISTINCT FROM n."formId") m
      JOIN "Consent" k ON k."subscriberId" = m."id" AND k."purpose" = 'MARKETING'
     CROSS JOIN LATERAL (VALUES
       ('grant', k."grantedAt"),
       ('revoked_grant', CASE WHEN k."revokedAt" IS NOT NULL THEN k."grantedAt" END)) AS x(kind, at)
     WHERE x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(m.sign) <> 0;
  END IF;
  RETURN NULL;
END $$;

-- The key leads with the kind, before the day: each chart query reads its kinds over a range
-- of days, and would otherwise step over the confirm_delay rows of every day (up to tens per day
-- and form, often more than all the other kinds together). Rebuilt after the rows below are in.
ALTER TABLE "GrowthCount" DROP CONSTRAINT "GrowthCount_pkey";

-- The confirmations already there. Unfolded changes hold no confirm_delay yet: GrowthCount
-- alone takes them.
INSERT INTO "GrowthCount" ("organizationId", "audienceId", "formId", "day", "kind", "source", "count")
SELECT s."organizationId", s."audienceId", coalesce(s."formId", ''), (s."confirmedAt" AT TIME ZONE 'UTC')::date,
       'confirm_delay', growth_confirm_delay_bucket(extract(epoch FROM s."confirmedAt" - s."createdAt"))::text,
       count(*)::int
  FROM "Subscriber" s
 WHERE s."confirmedAt" IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6;

ALTER TABLE "GrowthCount"
  ADD CONSTRAINT "GrowthCount_pkey" PRIMARY KEY ("organizationId", "kind", "day", "audienceId", "formId", "source");

-- Only the median's index walk read it (replaced by the counts above); writes no longer pay for it.
DROP INDEX IF EXISTS "Subscriber_growth_time_to_confirm_idx";
