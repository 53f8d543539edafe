import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const alias = {
  "@": root,
  // `server-only` throws outside React Server Components; tests run domain code directly.
  "server-only": path.join(root, "tests/support/empty-module.ts"),
};

// Integration tests run twice: on embedded PGlite and on a real PostgreSQL server.
const integration = (database: "pglite" | "postgres") => ({
  resolve: { alias },
  test: {
    name: `integration-${database}`,
    include: ["tests/integration/**/*.test.ts"],
    setupFiles: ["tests/support/integration-setup.ts"],
    env: { TEST_DATABASE: database },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "components/**/*.test.ts"] },
      },
      integration("pglite"),
      integration("postgres"),
      // Whole servers (production build, started as `npm start` starts them) on PostgreSQL:
      // graceful shutdown, two servers on one database. One file at a time: each starts
      // servers, and the first start may build the app.
      {
        resolve: { alias },
        test: {
          name: "servers",
          include: ["tests/servers/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 15 * 60_000,
          hookTimeout: 15 * 60_000,
        },
      },
    ],
  },
});
