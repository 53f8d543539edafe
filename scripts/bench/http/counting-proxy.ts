// A TCP proxy in front of PostgreSQL that counts what clients send: round trips (each Sync of
// the extended protocol, each simple Query) and statements (each Execute, each simple Query).
// Both the app and the bare baseline connect through it in the counting phase of bench:http,
// so "SQL round trips per request" is counted on the wire, the same way for both.
import { createConnection, createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface WireCounts {
  roundTrips: number;
  statements: number;
}

export interface CountingProxy extends WireCounts {
  port: number;
  reset(): void;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

/**
 * Counts, in `counts`, the round trips (Sync, simple Query) and statements (Execute, simple
 * Query) in what a client sends, fed in chunks as they arrive (one connection per counter).
 * Also used on PGlite's protocol input by the round-trip test (tests/support).
 */
export function frontendMessageCounter(
  counts: WireCounts,
  { startup: expectStartup = true } = {},
): (chunk: Uint8Array) => void {
  // Until the startup message has passed, messages carry no type byte.
  let startup = expectStartup;
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    pending = pending.length ? Buffer.concat([pending, bytes]) : bytes;
    for (;;) {
      if (startup) {
        if (pending.length < 8) break;
        const length = pending.readInt32BE(0);
        if (pending.length < length) break;
        const code = pending.readInt32BE(4);
        pending = pending.subarray(length);
        if (code !== SSL_REQUEST && code !== GSS_REQUEST) startup = false;
        continue;
      }
      if (pending.length < 5) break;
      const length = pending.readInt32BE(1);
      if (pending.length < length + 1) break;
      const type = String.fromCharCode(pending[0]!);
      if (type === "Q") {
        counts.roundTrips += 1;
        counts.statements += 1;
      } else if (type === "S") counts.roundTrips += 1;
      else if (type === "E") counts.statements += 1;
      pending = pending.subarray(length + 1);
    }
  };
}

export async function startCountingProxy(target: {
  host: string;
  port: number;
}): Promise<CountingProxy> {
  const counts: WireCounts = { roundTrips: 0, statements: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", forget).on("close", forget);
    upstream.on("error", forget).on("close", forget);
    upstream.pipe(client);

    const count = frontendMessageCounter(counts);
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      count(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get roundTrips() {
      return counts.roundTrips;
    },
    get statements() {
      return counts.statements;
    },
    reset() {
      counts.roundTrips = 0;
      counts.statements = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
