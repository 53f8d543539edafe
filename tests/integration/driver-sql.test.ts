// lib/db/sql.ts runs the hot paths' statements through the driver instead of Prisma's
// $queryRaw. Code that reads those rows was written against Prisma's types, so the same
// statement must come back the same both ways; and its transactions must commit, roll back
// and report errors as Prisma's do (a unique violation is still recognized, bad input is
// still a 400).
import { describe, expect, it } from "vitest";
import { isBadInputDatabaseError } from "@/lib/db/bad-input-error";
import { db, sql } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { newId } from "@/lib/db/new-id";
import { Prisma } from "@/lib/generated/prisma/client";
import { createPublishedFormFixture } from "../support/factories";

describe("statements run through the driver (lib/db/sql.ts)", () => {
  it("return rows typed as Prisma's $queryRaw returns them", async () => {
    const at = new Date("2026-03-04T05:06:07.089Z");
    const statement = Prisma.sql`
      SELECT ${at}::timestamptz AS "at", (${at}::timestamptz)::timestamp AS "local",
        '{"a": [1, "x", null]}'::jsonb AS "doc", json_build_object('when', ${at}::timestamptz) AS "json",
        ARRAY['a', 'b']::text[] AS "list", 9007199254740993::int8 AS "big", 42 AS "small",
        true AS "yes", NULL::text AS "nothing", 'PENDING'::"SubscriberStatus" AS "status",
        ${"it's"} AS "text"`;
    const viaPrisma = await db.$queryRaw<Record<string, unknown>[]>(statement);
    const viaDriver = await sql.$queryRaw<Record<string, unknown>[]>(statement);
    expect(viaDriver).toEqual(viaPrisma);
    expect(viaDriver[0]).toMatchObject({
      at,
      local: at,
      big: 9007199254740993n,
      status: "PENDING",
    });
  });

  it("reads and writes model rows as Prisma does", async () => {
    const fixture = await createPublishedFormFixture();
    const statement = Prisma.sql`SELECT * FROM "SignupForm" WHERE "id" = ${fixture.form.id}`;
    expect(await sql.$queryRaw(statement)).toEqual(await db.$queryRaw(statement));
    const changed = await sql.$executeRaw`
      UPDATE "SignupForm" SET "allowedOrigins" = ${["https://a.example"]}, "updatedAt" = ${new Date(0)}
      WHERE "id" = ${fixture.form.id}`;
    expect(changed).toBe(1);
    const form = await db.signupForm.findUniqueOrThrow({ where: { id: fixture.form.id } });
    expect(form).toMatchObject({ allowedOrigins: ["https://a.example"], updatedAt: new Date(0) });
  });

  it("commits a transaction, and rolls all of it back when it throws", async () => {
    const key = (label: string) => `driver-sql:${label}:${newId()}`;
    const insert = (k: string) => Prisma.sql`
      INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
      VALUES (${k}, now(), 1, now() + interval '1 hour')`;
    const kept = key("kept");
    await sql.transaction(async (tx) => {
      await tx.$executeRaw(insert(kept));
    });
    const lost = key("lost");
    await expect(
      sql.transaction(async (tx) => {
        await tx.$executeRaw(insert(lost));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    const rows = await db.rateLimitCounter.findMany({ where: { key: { in: [kept, lost] } } });
    expect(rows.map((r) => r.key)).toEqual([kept]);
  });

  it("refuses a statement after the transaction's timeout, and rolls back", async () => {
    const k = `driver-sql:late:${newId()}`;
    await expect(
      sql.transaction(
        async (tx) => {
          await new Promise((resolve) => setTimeout(resolve, 60));
          await tx.$executeRaw`
            INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
            VALUES (${k}, now(), 1, now() + interval '1 hour')`;
        },
        { timeout: 20 },
      ),
    ).rejects.toThrow(/timed out/);
    expect(await db.rateLimitCounter.count({ where: { key: k } })).toBe(0);
  });

  it("reports a unique violation and bad input as the app recognizes them", async () => {
    const k = `driver-sql:twice:${newId()}`;
    const insert = Prisma.sql`
      INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
      VALUES (${k}, '2026-01-01T00:00:00Z', 1, now())`;
    await sql.$executeRaw(insert);
    const twice = await sql
      .transaction((tx) => tx.$executeRaw(insert))
      .catch((error: unknown) => error);
    expect(isUniqueViolation(twice)).toBe(true);
    expect(isBadInputDatabaseError(twice)).toBe(false);

    const nul = await sql.$queryRaw`SELECT ${"a\u0000b"}::text`.catch((error: unknown) => error);
    expect(isBadInputDatabaseError(nul)).toBe(true);
    expect(isUniqueViolation(nul)).toBe(false);
  });
});
