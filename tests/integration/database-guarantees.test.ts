// What the database itself guarantees, whatever the application does: evidence is
// append-only, published form versions are frozen, and migrations apply once, in order,
// and refuse edited history.
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db, getConnection } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { createPublishedFormFixture } from "../support/factories";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { signupRequest } from "../support/factories";

let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
beforeAll(async () => {
  fixture = await createPublishedFormFixture();
  const response = await signupRoute(
    signupRequest(fixture.form.id, { phone: "2015550900", country: "US", marketingConsent: true }),
    {
      params: Promise.resolve({ formId: fixture.form.id }),
    },
  );
  await outboxIdle();
  expect(response.status).toBe(202);
});

describe("append-only evidence", () => {
  it("refuses UPDATE, DELETE and TRUNCATE on consent events", async () => {
    const raw = getConnection().raw;
    const before = await db.consentEvent.count();
    expect(before).toBeGreaterThan(0);
    await expect(raw.exec(`UPDATE "ConsentEvent" SET "type" = 'forged'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(raw.exec(`DELETE FROM "ConsentEvent"`)).rejects.toThrow(/append-only/);
    await expect(raw.exec(`TRUNCATE "ConsentEvent"`)).rejects.toThrow(/append-only/);
    await expect(db.consentEvent.deleteMany({})).rejects.toThrow();
    expect(await db.consentEvent.count()).toBe(before);
  });

  it("refuses to change or delete a published form version, but lets drafts change", async () => {
    await expect(
      db.signupFormVersion.update({
        where: { id: fixture.version.id },
        data: { consentText: "Something else entirely" },
      }),
    ).rejects.toThrow();
    await expect(
      db.signupFormVersion.delete({ where: { id: fixture.version.id } }),
    ).rejects.toThrow();
    const draft = await db.signupFormVersion.create({
      data: {
        ...fixture.version,
        id: undefined,
        version: null,
        publishedAt: null,
        publishedById: null,
        createdAt: undefined,
        updatedAt: undefined,
      },
    });
    await db.signupFormVersion.update({ where: { id: draft.id }, data: { headline: "Changed" } });
    expect(
      (await db.signupFormVersion.findUniqueOrThrow({ where: { id: fixture.version.id } }))
        .consentText,
    ).toBe(fixture.version.consentText);
  });
});

describe("migrator", () => {
  function copyOfMigrations(): string {
    const dir = mkdtempSync(path.join(tmpdir(), "optline-migrations-"));
    cpSync(path.join(process.cwd(), "prisma", "migrations"), dir, { recursive: true });
    return dir;
  }

  it("applies nothing the second time", async () => {
    expect(await migrateDatabase(getConnection())).toMatchObject({ applied: [] });
  });

  it("refuses a migration that was edited after it was applied", async () => {
    const dir = copyOfMigrations();
    writeFileSync(path.join(dir, "20261121000000_init", "migration.sql"), "-- edited\n", {
      flag: "a",
    });
    await expect(migrateDatabase(getConnection(), dir)).rejects.toThrow(
      /was edited after it was applied/,
    );
  });

  it("refuses to run when the database has a migration it does not know", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "optline-migrations-empty-"));
    await expect(migrateDatabase(getConnection(), dir)).rejects.toThrow(/not in/);
  });

  it("rolls back a failing migration completely and records nothing", async () => {
    const dir = copyOfMigrations();
    const bad = path.join(dir, "29990101000000_broken");
    cpSync(path.join(dir, "20261121000000_init"), bad, { recursive: true });
    writeFileSync(
      path.join(bad, "migration.sql"),
      `CREATE TABLE "ShouldNotExist" (id int); SELECT no_such_function();`,
    );
    await expect(migrateDatabase(getConnection(), dir)).rejects.toThrow(
      /29990101000000_broken" failed and was rolled back/,
    );
    const tables = await getConnection().raw.query(
      `SELECT 1 FROM information_schema.tables WHERE table_name = 'ShouldNotExist'`,
    );
    expect(tables).toHaveLength(0);
    const recorded = await getConnection().raw.query(
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`,
    );
    expect(recorded).toHaveLength(0);
  });
});
