// Issue 8.12: pg's "Calling client.query() when the client is already executing a query is
// deprecated" came from sibling Prisma includes inside interactive transactions (Prisma runs
// them in parallel, on the transaction's one connection). Every integration test file fails
// if the warning is printed while it runs (tests/support/integration-setup.ts); this file
// shows, in a separate process (the warning is printed once per process), that the pattern
// prints it and that one query after the other does not, so that check can catch a return.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { OVERLAPPING_QUERY_WARNING } from "../support/overlapping-query-warning";
import { createPublishedFormFixture } from "../support/factories";

function run(organizationId: string, mode: "parallel" | "sequential") {
  const child = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "tests/support/overlapping-include.ts",
      process.env.DATABASE_URL!,
      organizationId,
      mode,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  expect(child.status, child.stderr).toBe(0);
  return child.stderr;
}

describe.runIf(process.env.TEST_DATABASE === "postgres")(
  "overlapping queries on one connection",
  () => {
    it("are what pg warns about: sibling includes in a transaction print it, sequential queries do not", async () => {
      const { organizationId, audience } = await createPublishedFormFixture();
      await db.subscriber.create({
        data: {
          organizationId,
          audienceId: audience.id,
          phone: "+12015554001",
          country: "US",
          locale: "en",
          status: "PENDING",
          consents: { create: { organizationId, purpose: "MARKETING", grantedAt: new Date() } },
        },
      });
      expect(run(organizationId, "parallel")).toMatch(OVERLAPPING_QUERY_WARNING);
      expect(run(organizationId, "sequential")).not.toMatch(OVERLAPPING_QUERY_WARNING);
    });
  },
);
