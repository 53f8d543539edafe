// A TCP proxy between the app and PostgreSQL, for fault tests: cut() drops every open
// connection and refuses new ones (the database is unreachable, as in a network outage or
// a failover), restore() lets connections through again. The shared PostgreSQL server itself
// is never touched.
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private down = false;
  port = 0;

  constructor(
    private readonly target: { host: string; port: number },
    private readonly listenHost = "127.0.0.1",
  ) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (this.down) {
        client.destroy();
        return;
      }
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("close", () => this.sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, this.listenHost, resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** postgres://… URL `databaseUrl` rewritten to go through this proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = this.listenHost;
    url.port = String(this.port);
    return url.toString();
  }

  get isDown(): boolean {
    return this.down;
  }

  /** Drops every connection and refuses new ones until restore(). */
  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
