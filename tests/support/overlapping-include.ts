// Run as a child process by tests/integration/overlapping-queries.test.ts: one interactive
// transaction on PostgreSQL that loads an organization's subscribers with sibling includes
// ("parallel") or with one query after the other ("sequential"), so that the test sees what
// pg prints.
import { openDatabase } from "@/lib/db/connection";

const [databaseUrl, organizationId, mode] = process.argv.slice(2);
const connection = openDatabase({ databaseUrl: databaseUrl!, poolSize: 1 });
await connection.prisma.$transaction(async (tx) => {
  if (mode === "parallel") {
    await tx.subscriber.findMany({
      where: { organizationId: organizationId! },
      include: { consents: true, audience: true, organization: true },
    });
  } else {
    await tx.subscriber.findMany({ where: { organizationId: organizationId! } });
    await tx.consent.findMany({ where: { organizationId: organizationId! } });
    await tx.audience.findMany({ where: { organizationId: organizationId! } });
  }
});
await connection.close();
