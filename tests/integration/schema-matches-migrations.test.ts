// The migrations (hand-applied SQL) and schema.prisma (what the client is generated from) must
// describe the same database. This reads the schema through Prisma's own parser (WASM, no
// engine download) and compares it with what the migrated database really holds: tables,
// columns, types, nullability, enums, primary keys, unique and plain indexes, foreign keys.
import { readFileSync } from "node:fs";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { describe, expect, it } from "vitest";
import { getConnection } from "@/lib/db/client";
import { readMigrationFiles } from "@/lib/db/migrate";

interface DmmfField {
  name: string;
  dbName: string | null;
  kind: "scalar" | "enum" | "object";
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: {
    models: DmmfModel[];
    enums: { name: string; dbName: string | null; values: { name: string }[] }[];
    indexes: DmmfIndex[];
  };
}

const dmmf = JSON.parse(
  get_dmmf(
    JSON.stringify({
      prismaSchema: [["schema.prisma", readFileSync("prisma/schema.prisma", "utf8")]],
    }),
  ),
) as Dmmf;
const models = dmmf.datamodel.models;
const tableOf = (modelName: string) => {
  const model = models.find((m) => m.name === modelName)!;
  return model.dbName ?? model.name;
};
const columnOf = (modelName: string, fieldName: string) => {
  const field = models.find((m) => m.name === modelName)!.fields.find((f) => f.name === fieldName)!;
  return field.dbName ?? field.name;
};

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
  Decimal: "numeric(65,30)",
};

function expectedType(field: DmmfField): string {
  let base: string;
  if (field.kind === "enum") base = `enum ${field.type}`;
  else if (field.nativeType?.[0] === "Timestamptz")
    base = `timestamp(${field.nativeType[1][0] ?? 6}) with time zone`;
  else if (field.nativeType?.[0] === "Date") base = "date";
  else if (field.nativeType)
    throw new Error(`Add a mapping for @db.${field.nativeType[0]} to this test`);
  else base = SCALAR_TYPES[field.type] ?? `unknown ${field.type}`;
  return field.isList ? `${base}[]` : base;
}

function expectedSchema() {
  const columns: string[] = [];
  for (const model of models) {
    for (const field of model.fields) {
      if (field.kind === "object") continue;
      // Prisma creates scalar lists as nullable columns.
      const nullable = !field.isRequired || field.isList;
      columns.push(
        `${tableOf(model.name)}.${field.dbName ?? field.name}: ${expectedType(field)} ${nullable ? "NULL" : "NOT NULL"}`,
      );
    }
  }
  const indexes = dmmf.datamodel.indexes.map((index) => {
    const kind = index.type === "id" ? "PRIMARY KEY" : index.type === "unique" ? "UNIQUE" : "INDEX";
    return `${tableOf(index.model)} ${kind} (${index.fields.map((f) => columnOf(index.model, f.name)).join(", ")})`;
  });
  const foreignKeys: string[] = [];
  for (const model of models) {
    for (const field of model.fields) {
      if (field.kind !== "object" || !field.relationFromFields?.length) continue;
      const from = field.relationFromFields.map((name) => columnOf(model.name, name)).join(", ");
      const to = field.relationToFields!.map((name) => columnOf(field.type, name)).join(", ");
      const onDelete = (field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull"))
        .replace(/([a-z])([A-Z])/, "$1 $2")
        .toUpperCase();
      foreignKeys.push(
        `${tableOf(model.name)} (${from}) -> ${tableOf(field.type)} (${to}) ON DELETE ${onDelete}`,
      );
    }
  }
  const enums = dmmf.datamodel.enums.map(
    (e) => `${e.dbName ?? e.name}: ${e.values.map((v) => v.name).join(", ")}`,
  );
  const tables = models.map((model) => tableOf(model.name));
  return {
    tables: tables.sort(),
    columns: columns.sort(),
    indexes: indexes.sort(),
    foreignKeys: foreignKeys.sort(),
    enums: enums.sort(),
  };
}

async function actualSchema() {
  const raw = getConnection().raw;
  const tables = await raw.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`,
  );
  const columns = await raw.query<{ line: string }>(`
    SELECT c.relname || '.' || a.attname || ': ' ||
           CASE WHEN t.typtype = 'e' THEN 'enum ' || t.typname
                WHEN et.typtype = 'e' THEN 'enum ' || et.typname || '[]'
                ELSE format_type(a.atttypid, a.atttypmod) END ||
           CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END AS line
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relname <> '_prisma_migrations'`);
  // Partial and expression indexes (the risk windows' in 20261204090000_risk_request_windows)
  // cannot be written in schema.prisma; they live in the migrations only.
  const indexes = await raw.query<{ line: string }>(`
    SELECT t.relname || ' ' ||
           CASE WHEN i.indisprimary THEN 'PRIMARY KEY' WHEN i.indisunique THEN 'UNIQUE' ELSE 'INDEX' END ||
           ' (' || (SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
                    FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) || ')' AS line
    FROM pg_index i
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
      AND i.indpred IS NULL AND i.indexprs IS NULL`);
  const foreignKeys = await raw.query<{ line: string }>(`
    SELECT src.relname || ' (' ||
           (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) || ') -> ' ||
           dst.relname || ' (' ||
           (SELECT string_agg(a.attname, ', ' ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) || ') ON DELETE ' ||
           CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE'
                                WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END AS line
    FROM pg_constraint con
    JOIN pg_class src ON src.oid = con.conrelid
    JOIN pg_class dst ON dst.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = src.relnamespace
    WHERE con.contype = 'f' AND n.nspname = 'public'`);
  const enums = await raw.query<{ line: string }>(`
    SELECT t.typname || ': ' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) AS line
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' GROUP BY t.typname`);
  const lines = (rows: { line: string }[]) => rows.map((row) => row.line).sort();
  return {
    tables: tables.map((row) => row.name).sort(),
    columns: lines(columns),
    indexes: lines(indexes),
    foreignKeys: lines(foreignKeys),
    enums: lines(enums),
  };
}

describe("migrations match schema.prisma", () => {
  it("has the same tables, columns, types, nullability, enums, keys and indexes", async () => {
    const expected = expectedSchema();
    const actual = await actualSchema();
    expect(expected.tables.length).toBeGreaterThan(10);
    expect(actual.tables).toEqual(expected.tables);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.enums).toEqual(expected.enums);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.foreignKeys).toEqual(expected.foreignKeys);
  });

  it("records every migration in _prisma_migrations with Prisma's checksum", async () => {
    const rows = await getConnection().raw.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      applied_steps_count: number;
    }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = readMigrationFiles();
    expect(rows.map((row) => [row.migration_name, row.checksum])).toEqual(
      files.map((file) => [file.name, file.checksum]),
    );
    for (const row of rows)
      expect(row).toMatchObject({ applied_steps_count: 1, finished_at: expect.any(Date) as Date });
  });
});
