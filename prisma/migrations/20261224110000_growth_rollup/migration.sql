-- Growth charts from per-day counts instead of the subscribers themselves (lib/growth).
--
-- "GrowthCount" holds, per organization, audience, form ('' for none), UTC day, kind and
-- source, how many subscribers (or marketing consents) count there in their current state:
--   signup            Subscriber.createdAt, status <> NOT_SUBSCRIBED
--   confirmed_signup  the same, with confirmedAt set (the confirmation rate's cohort)
--   confirmation      Subscriber.confirmedAt
--   opt_out           Subscriber.unsubscribedAt
--   grant             marketing Consent.grantedAt, by grantMethod ('' for none)
--   revoked_grant     the same, with revokedAt set
-- A consent counts under its subscriber's current audience and form, as the direct queries do.
--
-- Kept exact by statement-level triggers: every INSERT, UPDATE or DELETE of subscribers or
-- consents appends the difference it makes (old rows out, new rows in, netted) to
-- "GrowthChange". Appending, not incrementing, so that concurrent signups never wait on a
-- shared counter row; no round trip either, the trigger runs inside the statement. Reading the
-- charts folds an organization's changes into "GrowthCount" (lib/growth/fold-growth-changes.ts)
-- and sums both tables, so a change counts the moment it commits.
CREATE TABLE "GrowthCount" (
    "organizationId" TEXT NOT NULL,
    "audienceId" TEXT NOT NULL,
    "formId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "GrowthCount_pkey" PRIMARY KEY ("organizationId", "day", "kind", "audienceId", "formId", "source")
);

CREATE TABLE "GrowthChange" (
    "id" BIGSERIAL NOT NULL,
    "organizationId" TEXT NOT NULL,
    "audienceId" TEXT NOT NULL,
    "formId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "GrowthChange_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "GrowthChange_organizationId_day_idx" ON "GrowthChange"("organizationId", "day");

-- What a statement's subscriber rows change in the counts: +1 for each row as it is now, -1
-- as it was. Static SQL per operation (a statement may name only the transition tables its
-- trigger has, and plpgsql plans each one once per session), the same query three times.
CREATE FUNCTION growth_subscriber_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT c."organizationId", c."audienceId", coalesce(c."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, '', sum(c.sign)::int
      FROM (SELECT *, 1 AS sign FROM new_rows) c
     CROSS JOIN LATERAL (VALUES
       ('signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' THEN c."createdAt" END),
       ('confirmed_signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' AND c."confirmedAt" IS NOT NULL
                                 THEN c."createdAt" END),
       ('confirmation', c."confirmedAt"),
       ('opt_out', c."unsubscribedAt")) AS x(kind, at)
     WHERE x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(c.sign) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT c."organizationId", c."audienceId", coalesce(c."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, '', sum(c.sign)::int
      FROM (SELECT *, -1 AS sign FROM old_rows) c
     CROSS JOIN LATERAL (VALUES
       ('signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' THEN c."createdAt" END),
       ('confirmed_signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' AND c."confirmedAt" IS NOT NULL
                                 THEN c."createdAt" END),
       ('confirmation', c."confirmedAt"),
       ('opt_out', c."unsubscribedAt")) AS x(kind, at)
     WHERE x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
    HAVING sum(c.sign) <> 0;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT c."organizationId", c."audienceId", coalesce(c."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, '', sum(c.sign)::int
      FROM (SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 AS sign FROM old_rows) c
     CROSS JOIN LATERAL (VALUES
       ('signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' THEN c."createdAt" END),
       ('confirmed_signup', CASE WHEN c."status" <> 'NOT_SUBSCRIBED' AND c."confirmedAt" IS NOT NULL
                                 THEN c."createdAt" END),
       ('confirmation', c."confirmedAt"),
       ('opt_out', c."unsubscribedAt")) AS x(kind, at)
     WHERE x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5
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

-- What a statement's consent rows change, under their subscribers' current audience and form.
CREATE FUNCTION growth_consent_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT s."organizationId", s."audienceId", coalesce(s."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, coalesce(c."grantMethod", ''), sum(c.sign)::int
      FROM (SELECT *, 1 AS sign FROM new_rows) c
      JOIN "Subscriber" s ON s."id" = c."subscriberId"
     CROSS JOIN LATERAL (VALUES
       ('grant', c."grantedAt"),
       ('revoked_grant', CASE WHEN c."revokedAt" IS NOT NULL THEN c."grantedAt" END)) AS x(kind, at)
     WHERE c."purpose" = 'MARKETING' AND x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(c.sign) <> 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT s."organizationId", s."audienceId", coalesce(s."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, coalesce(c."grantMethod", ''), sum(c.sign)::int
      FROM (SELECT *, -1 AS sign FROM old_rows) c
      JOIN "Subscriber" s ON s."id" = c."subscriberId"
     CROSS JOIN LATERAL (VALUES
       ('grant', c."grantedAt"),
       ('revoked_grant', CASE WHEN c."revokedAt" IS NOT NULL THEN c."grantedAt" END)) AS x(kind, at)
     WHERE c."purpose" = 'MARKETING' AND x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(c.sign) <> 0;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "GrowthChange" ("organizationId", "audienceId", "formId", "day", "kind", "source", "delta")
    SELECT s."organizationId", s."audienceId", coalesce(s."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
           x.kind, coalesce(c."grantMethod", ''), sum(c.sign)::int
      FROM (SELECT *, 1 AS sign FROM new_rows UNION ALL SELECT *, -1 AS sign FROM old_rows) c
      JOIN "Subscriber" s ON s."id" = c."subscriberId"
     CROSS JOIN LATERAL (VALUES
       ('grant', c."grantedAt"),
       ('revoked_grant', CASE WHEN c."revokedAt" IS NOT NULL THEN c."grantedAt" END)) AS x(kind, at)
     WHERE c."purpose" = 'MARKETING' AND x.at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6
    HAVING sum(c.sign) <> 0;
  END IF;
  RETURN NULL;
END $$;

-- Transition tables allow one event per trigger, hence three of each.
CREATE TRIGGER growth_subscriber_insert AFTER INSERT ON "Subscriber"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION growth_subscriber_change();
CREATE TRIGGER growth_subscriber_update AFTER UPDATE ON "Subscriber"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION growth_subscriber_change();
CREATE TRIGGER growth_subscriber_delete AFTER DELETE ON "Subscriber"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION growth_subscriber_change();
CREATE TRIGGER growth_consent_insert AFTER INSERT ON "Consent"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION growth_consent_change();
CREATE TRIGGER growth_consent_update AFTER UPDATE ON "Consent"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION growth_consent_change();
CREATE TRIGGER growth_consent_delete AFTER DELETE ON "Consent"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION growth_consent_change();

-- The counts of the data already there.
INSERT INTO "GrowthCount" ("organizationId", "audienceId", "formId", "day", "kind", "source", "count")
SELECT s."organizationId", s."audienceId", coalesce(s."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
       x.kind, '', count(*)::int
  FROM "Subscriber" s
 CROSS JOIN LATERAL (VALUES
   ('signup', CASE WHEN s."status" <> 'NOT_SUBSCRIBED' THEN s."createdAt" END),
   ('confirmed_signup', CASE WHEN s."status" <> 'NOT_SUBSCRIBED' AND s."confirmedAt" IS NOT NULL
                             THEN s."createdAt" END),
   ('confirmation', s."confirmedAt"),
   ('opt_out', s."unsubscribedAt")) AS x(kind, at)
 WHERE x.at IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5;
INSERT INTO "GrowthCount" ("organizationId", "audienceId", "formId", "day", "kind", "source", "count")
SELECT s."organizationId", s."audienceId", coalesce(s."formId", ''), (x.at AT TIME ZONE 'UTC')::date,
       x.kind, coalesce(c."grantMethod", ''), count(*)::int
  FROM "Consent" c JOIN "Subscriber" s ON s."id" = c."subscriberId"
 CROSS JOIN LATERAL (VALUES
   ('grant', c."grantedAt"),
   ('revoked_grant', CASE WHEN c."revokedAt" IS NOT NULL THEN c."grantedAt" END)) AS x(kind, at)
 WHERE c."purpose" = 'MARKETING' AND x.at IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6;

-- The median time to YES over a long range: confirmations in order of their time to confirm,
-- so the middle one is found by walking the index, not by sorting a year of rows
-- (lib/growth/get-growth-report.ts, medianTimeToConfirm). The expression's own columns are
-- included so that the walk is index-only.
CREATE INDEX "Subscriber_growth_time_to_confirm_idx"
  ON "Subscriber"("organizationId", (extract(epoch FROM "confirmedAt" - "createdAt")))
  INCLUDE ("confirmedAt", "createdAt", "audienceId", "formId") WHERE "confirmedAt" IS NOT NULL;
