-- Each organization gets a slug for its privacy portal (/p/<slug>). Existing organizations
-- get one from their name (lower case, common accents dropped, runs of anything but a-z and
-- 0-9 become "-", at most 40 characters, "org" when nothing is left); where two names give
-- the same slug, every one
-- after the oldest gets a suffix from its id. New organizations get theirs in
-- lib/organizations/organization-slug.ts, the same way.
ALTER TABLE "Organization" ADD COLUMN "slug" TEXT;

WITH "base" AS (
  SELECT "id", "createdAt",
         COALESCE(NULLIF(rtrim(left(trim(BOTH '-' FROM
           regexp_replace(translate(lower("name"),
             'àáâãäåāąçćčďèéêëēęěìíîïłñńňòóôõöøōőřśšşťùúûüūůűýÿźżž',
             'aaaaaaaacccdeeeeeeeiiiilnnnoooooooorssstuuuuuuuyyzzz'),
           '[^a-z0-9]+', '-', 'g')), 40), '-'), ''), 'org') AS "slug"
  FROM "Organization"
), "ranked" AS (
  SELECT "id", "slug",
         row_number() OVER (PARTITION BY "slug" ORDER BY "createdAt", "id") AS "rank"
  FROM "base"
)
UPDATE "Organization" o
SET "slug" = CASE WHEN r."rank" = 1 THEN r."slug" ELSE r."slug" || '-' || left(md5(o."id"), 6) END
FROM "ranked" r
WHERE r."id" = o."id";

ALTER TABLE "Organization" ALTER COLUMN "slug" SET NOT NULL;
CREATE UNIQUE INDEX "Organization_slug_key" ON "Organization"("slug");
