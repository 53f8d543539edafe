// Rows read as JSON (json_agg, row_to_json: several tables in one statement) carry their
// timestamps as strings. Every timestamp column of the schema is named "…At", so those
// become Dates again and the row has its Prisma type.
export function reviveJsonRow<T>(row: Record<string, unknown>): T {
  const revived: Record<string, unknown> = { ...row };
  for (const [key, value] of Object.entries(row)) {
    if (key.endsWith("At") && typeof value === "string") revived[key] = new Date(value);
  }
  return revived as T;
}
