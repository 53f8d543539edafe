// Counts what really reaches the database, for tests that hold a path to a number of round
// trips. PostgreSQL: the app's connection is reopened through a proxy that reads the wire
// protocol (the one bench:http uses). PGlite: every protocol message handed to the embedded
// engine is read the same way. Round trips are Syncs and simple Queries (BEGIN and COMMIT
// included); statements are Executes and simple Queries.
import { PGlite } from "@electric-sql/pglite";
import { closeConnection, getConnection } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import {
  frontendMessageCounter,
  startCountingProxy,
  type WireCounts,
} from "@/scripts/bench/http/counting-proxy";

export interface RoundTripCounter {
  /** Counts since the last reset. */
  read(): WireCounts;
  reset(): void;
  stop(): Promise<void>;
}

export async function countDatabaseRoundTrips(): Promise<RoundTripCounter> {
  if (process.env.DATABASE_URL) return countThroughProxy(process.env.DATABASE_URL);
  return countPgliteMessages();
}

async function countThroughProxy(databaseUrl: string): Promise<RoundTripCounter> {
  const url = new URL(databaseUrl);
  const proxy = await startCountingProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  await closeConnection();
  process.env.DATABASE_URL = url.toString();
  resetEnvCache();
  getConnection();
  return {
    read: () => ({ roundTrips: proxy.roundTrips, statements: proxy.statements }),
    reset: () => proxy.reset(),
    async stop() {
      await closeConnection();
      process.env.DATABASE_URL = databaseUrl;
      resetEnvCache();
      await proxy.close();
    },
  };
}

async function countPgliteMessages(): Promise<RoundTripCounter> {
  const counts: WireCounts = { roundTrips: 0, statements: 0 };
  const count = frontendMessageCounter(counts, { startup: false });
  const prototype = PGlite.prototype;
  const original = Object.getOwnPropertyDescriptor(prototype, "execProtocolRawSync")!;
  const run = original.value as (this: PGlite, message: Uint8Array) => Uint8Array;
  prototype.execProtocolRawSync = function (this: PGlite, message: Uint8Array) {
    // 0: a startup packet, which carries no type byte.
    if (message[0] !== 0) count(message);
    return run.call(this, message);
  };
  return {
    read: () => ({ ...counts }),
    reset() {
      counts.roundTrips = 0;
      counts.statements = 0;
    },
    async stop() {
      Object.defineProperty(prototype, "execProtocolRawSync", original);
    },
  };
}
