// Gives the PostgreSQL end-to-end run an empty database (DATABASE_URL): the one an earlier run
// left is dropped, then it is created again. The server then migrates it as it starts.
import pg from "pg";

const target = new URL(process.env.DATABASE_URL ?? "");
const name = decodeURIComponent(target.pathname.slice(1));
if (!name.startsWith("optline_e2e")) throw new Error(`refusing to recreate database "${name}"`);
const server = new URL(target);
server.pathname = "/postgres";

const client = new pg.Client({ connectionString: server.toString() });
await client.connect();
try {
  await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
} finally {
  await client.end();
}
