// Prisma CLI configuration. The CLI is used only to generate the client: migrations are
// plain SQL in prisma/migrations, applied by lib/db/migrate.ts (see README, "Database").
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
