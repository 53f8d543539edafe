// One statement on the PostgreSQL server's admin connection (CREATE / DROP DATABASE), for the
// test setup and the fault run, which make and remove their own databases.
import pg from "pg";

export const TEST_POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function runAdminSql(sql: string, adminUrl = TEST_POSTGRES_ADMIN_URL): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
