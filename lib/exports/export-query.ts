// An export's rows, read out of the database as the file's bytes: the database formats every
// cell and writes the lines (COPY), so a million-row export costs this process little more
// than passing bytes on and hashing them.
import "server-only";
import pg from "pg";
import { getConnection } from "@/lib/db/client";
import { COPY_OPTIONS } from "./csv";
import type { ExportFormat } from "./export-schemas";

/** Rows per query on PGlite, where COPY output is held in memory: flat, and few round trips. */
export const EXPORT_PAGE_SIZE = 2000;

export interface ExportQuery {
  format: ExportFormat;
  /** CSV: the file's columns, in order. */
  csvColumns: string;
  /** NDJSON: each object's fields, in order (`expression AS "name"`). */
  jsonFields: string;
  /** FROM and its joins. */
  from: string;
  /**
   * Conditions, ANDed; the first must scope to the organization. COPY takes no parameters,
   * so values are written in with sqlLiteral.
   */
  where: string[];
  /** The order, and the keyset that pages it: a timestamptz column, then a unique text column. */
  keyset: { at: string; id: string };
}

export const sqlLiteral = (value: string): string => pg.escapeLiteral(value);

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
/** A timestamptz as ISO 8601 UTC with milliseconds, the columns' precision (so exact). */
export const isoUtcSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${ISO_UTC})`;

interface Key extends Record<string, unknown> {
  at: string;
  id: string;
}

/**
 * Yields the file's body, in order; returns the row count. On PostgreSQL this is one COPY,
 * streamed: one consistent snapshot, and the server sorts with parallel workers. On PGlite,
 * which holds COPY output in memory, it runs page by page on (at, id): each page ends at the
 * key of its last row, found first, so ties on the same millisecond are neither skipped nor
 * repeated.
 */
export async function* readExport(
  query: ExportQuery,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<Uint8Array, number> {
  const connection = getConnection();
  const { at, id } = query.keyset;
  const [select, from] =
    query.format === "csv"
      ? [query.csvColumns, query.from]
      : [`row_to_json(j)::text`, `${query.from} CROSS JOIN LATERAL (SELECT ${query.jsonFields}) j`];
  const statement = (conditions: string[]) =>
    `SELECT ${select} FROM ${from} WHERE ${conditions.join(" AND ")} ORDER BY ${at}, ${id}`;
  const options = COPY_OPTIONS[query.format];
  if (connection.kind === "postgres")
    return yield* connection.copyOut(statement(query.where), options);

  let rows = 0;
  let after: Key | null = null;
  for (;;) {
    const conditions: string[] = after
      ? [
          ...query.where,
          `${at} >= ${sqlLiteral(after.at)}::timestamptz`,
          `(${at}, ${id}) > (${sqlLiteral(after.at)}::timestamptz, ${sqlLiteral(after.id)})`,
        ]
      : query.where;
    const keys: Key[] = await connection.raw.query<Key>(
      `SELECT ${isoUtcSql(at)} AS "at", ${id} AS "id" FROM ${query.from}
        WHERE ${conditions.join(" AND ")} ORDER BY ${at}, ${id} OFFSET ${pageSize - 1} LIMIT 1`,
    );
    const last = keys[0];
    const page = last
      ? [
          ...conditions,
          `${at} <= ${sqlLiteral(last.at)}::timestamptz`,
          `(${at}, ${id}) <= (${sqlLiteral(last.at)}::timestamptz, ${sqlLiteral(last.id)})`,
        ]
      : conditions;
    rows += yield* connection.copyOut(statement(page), options);
    if (!last) return rows;
    after = last;
  }
}
