// `npm start` (production server) and `npm run dev` (--dev, hot reload). One command from a
// fresh clone: creates a local secret, builds if the sources changed, migrates (and seeds
// the embedded database on first run), then serves on PORT (default 3000).
//
// `npm start` serves from worker processes (node:cluster): one per core on PostgreSQL
// (WEB_CONCURRENCY overrides), one on the embedded PGlite database (PGlite runs inside the
// process that opened it). This process is the primary: it prepares everything once, forks the
// workers (each runs this file again and only serves) with their V8 heap capped, restarts a
// worker that dies after it started serving, adds up their metrics for /api/metrics, and
// passes SIGTERM on. `npm run dev` serves in this process.
import { spawnSync } from "node:child_process";
import cluster, { type Worker } from "node:cluster";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";

const dev = process.argv.includes("--dev");
const root = process.cwd();

if (existsSync(".env")) process.loadEnvFile(".env");
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.AUTH_SECRET ||= localSecret();
// The embedded-database demo needs no mail server: its mail stays in the dev mailbox, which
// opens only on this machine. A deployment on PostgreSQL must choose (SMTP_URL or MAIL_PROVIDER).
if (!process.env.DATABASE_URL && !process.env.SMTP_URL && !process.env.MAIL_PROVIDER) {
  process.env.MAIL_PROVIDER = "dev";
}
// The one-command local demo (embedded database, no SMS account) is where the Dev phone is the
// point: the dev SMS provider is allowed there. Anywhere else, production needs Twilio or an
// explicit ALLOW_DEV_SMS_IN_PRODUCTION=true (lib/env.ts refuses to start otherwise).
const localDemo =
  !dev &&
  !process.env.DATABASE_URL &&
  !process.env.TWILIO_ACCOUNT_SID &&
  process.env.SMS_PROVIDER !== "twilio";
if (localDemo && !process.env.ALLOW_DEV_SMS_IN_PRODUCTION) {
  process.env.ALLOW_DEV_SMS_IN_PRODUCTION = "true";
  console.log(
    "[start] embedded database and no Twilio settings: local demo with the dev SMS provider (Dev phone).",
  );
}
const { getEnv } = await import("../lib/env");
let env: ReturnType<typeof getEnv>;
try {
  env = getEnv(); // fails fast, with every problem listed, on a bad configuration
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const { log } = await import("../lib/log/logger");
if (!dev && env.mailProvider === "dev" && cluster.isPrimary) {
  console.warn(
    "[start] WARNING: MAIL_PROVIDER=dev: no mail leaves this machine. Sign-up links, password\n" +
      "        resets and invitations wait in the dev mailbox (/dev/mailbox, opens only from this\n" +
      "        machine). Set SMTP_URL to send real mail before inviting real users.",
  );
}
// Child processes and next-auth v4 (which reads NEXTAUTH_*) see the same values.
process.env.PUBLIC_BASE_URL = env.publicBaseUrl;
process.env.NEXTAUTH_URL ||= env.publicBaseUrl;
process.env.NEXTAUTH_SECRET ||= env.AUTH_SECRET;

/** A random secret kept in .data/ so that sessions survive restarts. Production sets AUTH_SECRET. */
function localSecret(): string {
  const file = path.join(root, ".data", "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.mjs",
  "package-lock.json",
  "postcss.config.mjs",
];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce(
    (newest, entry) => Math.max(newest, newestMtime(path.join(target, entry))),
    stat.mtimeMs,
  );
}

function needsBuild(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return BUILD_INPUTS.some((input) => newestMtime(path.join(root, input)) > built);
}

const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

/** Server processes: one per core on PostgreSQL (WEB_CONCURRENCY overrides), one on PGlite. */
function serverProcessCount(): number {
  if (!env.DATABASE_URL) {
    const ignored = (env.WEB_CONCURRENCY ?? 1) > 1 ? " (WEB_CONCURRENCY ignored)" : "";
    console.log(
      `[start] embedded PGlite database: one server process${ignored}. PGlite runs inside the\n` +
        "        process that opened it; set DATABASE_URL to PostgreSQL to use every core.",
    );
    return 1;
  }
  return env.WEB_CONCURRENCY ?? availableParallelism();
}

function printBanner(processes: number) {
  const base = env.publicBaseUrl;
  const lines = [
    `\noptline is running at ${base}` + (processes > 1 ? ` (${processes} server processes)` : ""),
  ];
  const demoFile = path.join(root, ".data", "demo-login.json");
  if (existsSync(demoFile) && !env.DATABASE_URL) {
    const demo = JSON.parse(readFileSync(demoFile, "utf8")) as {
      email: string;
      password: string;
      formSlug: string;
    };
    lines.push(
      `  Sign in:     ${base}/login   ${demo.email} / ${demo.password}`,
      `  Demo form:   ${base}/f/${demo.formSlug}`,
      `  Dev phone:   ${base}/dashboard/dev-phone   (texts land here; reply YES or STOP)`,
    );
  }
  if (env.mailProvider === "dev") {
    lines.push(`  Dev mailbox: ${base}/dev/mailbox   (sign-up links and invitations land here)`);
  } else {
    lines.push(`  Create an account: ${base}/signup`);
  }
  console.log(`${lines.join("\n")}\n`);
}

/**
 * Serves in this process until SIGTERM (or SIGINT), then shuts down gracefully: no new
 * connections, requests under way finish, the outbox stops and hands back the messages it
 * claimed, the database closes, exit 0. All within SHUTDOWN_TIMEOUT_MS; past it, requests
 * still running are cut off and a send still waiting on the provider keeps its lease (the next
 * claimer looks it up at the provider before sending again).
 */
async function serve(): Promise<void> {
  const { startServer } = await import("./server");
  const { runShutdownHooks } = await import("../lib/ops/shutdown-hooks");
  const { withTimeout } = await import("../lib/ops/with-timeout");
  const starting = startServer({
    dev,
    port: env.PORT,
    hostname: env.HOST,
    trustProxy: env.TRUST_PROXY,
  });
  let stopping = false;
  // Listening for the signals from here on: one that comes while the app still loads (its
  // outbox may already hold leases) waits for it, then stops it like any other.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + env.SHUTDOWN_TIMEOUT_MS;
    const left = () => Math.max(0, deadline - Date.now());
    log.info({ event: "server.stopping", signal }, "shutting down");
    const server = await starting;
    const cutOff = await server.drain(left());
    const onError = (error: unknown) =>
      log.error({ event: "server.shutdown_failed", err: error }, "shutdown step failed");
    await withTimeout(runShutdownHooks(onError), left()).catch(onError);
    // Close the database cleanly (PGlite flushes its files on close).
    const connection = (globalThis as { __optlineDb?: { close(): Promise<void> } }).__optlineDb;
    await withTimeout(connection?.close() ?? Promise.resolve(), Math.max(left(), 1000)).catch(
      onError,
    );
    log.info({ event: "server.stopped", signal, cutOff }, "stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  await starting;
}

/** The cluster primary: forks the workers, keeps them running, stops them on SIGTERM. */
async function runPrimary(processes: number): Promise<void> {
  const { serveClusterMetrics } = await import("../lib/metrics/cluster-metrics");
  serveClusterMetrics();
  const serving = new Set<number>();
  let stopping = false;
  let stoppedCleanly = true;
  let bannerShown = false;
  cluster.on("listening", (worker) => {
    serving.add(worker.id);
    if (!bannerShown && serving.size >= processes) {
      bannerShown = true;
      printBanner(processes);
    }
  });
  cluster.on("exit", (worker: Worker, code, signal) => {
    const wasServing = serving.delete(worker.id);
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead()).length;
    if (stopping) {
      if (code !== 0) {
        stoppedCleanly = false;
        log.error(
          {
            event: "server.worker_stop_failed",
            workerPid: worker.process.pid,
            exitCode: code,
            signal,
          },
          "a server process did not stop cleanly",
        );
      }
      if (alive === 0) process.exit(stoppedCleanly ? 0 : 1);
      return;
    }
    if (wasServing) {
      log.error(
        { event: "server.worker_died", workerPid: worker.process.pid, exitCode: code, signal },
        "a server process died; starting another",
      );
      setTimeout(() => {
        if (!stopping) cluster.fork();
      }, 1000);
      return;
    }
    // Died before it served: a configuration or code problem a restart would only repeat.
    log.error(
      {
        event: "server.worker_failed_to_start",
        workerPid: worker.process.pid,
        exitCode: code,
        signal,
      },
      "a server process failed to start; not restarting it",
    );
    if (alive === 0) process.exit(1);
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: "server.stopping", signal }, "shutting down every server process");
    // A worker still loading (a replacement) has no signal handler yet: the signal would kill
    // it mid-start. It gets the signal once it listens, when its handler is certainly there.
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (!worker) continue;
      if (serving.has(worker.id)) worker.process.kill("SIGTERM");
      else worker.once("listening", () => worker.process.kill("SIGTERM"));
    }
    // Workers exit by themselves within SHUTDOWN_TIMEOUT_MS; this is only for one that hangs.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS + 5000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  if (env.SERVER_HEAP_MB > 0) {
    cluster.setupPrimary({
      execArgv: [...process.execArgv, `--max-old-space-size=${env.SERVER_HEAP_MB}`],
    });
  }
  for (let i = 0; i < processes; i++) cluster.fork();
}

if (cluster.isWorker) {
  await serve();
} else {
  if (!dev && needsBuild()) {
    console.log("[start] building the app (first start, or sources changed)…");
    run(process.execPath, [nextBin, "build"]);
  }
  run(process.execPath, [
    "--conditions=react-server",
    "--import",
    "tsx",
    "scripts/prepare-database.ts",
  ]);
  if (dev) {
    await serve();
    printBanner(1);
  } else {
    await runPrimary(serverProcessCount());
  }
}
