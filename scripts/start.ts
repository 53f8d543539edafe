// `npm start` (production server) and `npm run dev` (--dev, hot reload). One command from a
// fresh clone: creates a local secret, builds if the sources changed, migrates (and seeds
// the embedded database on first run), then serves on PORT (default 3000).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
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
if (!dev && env.mailProvider === "dev") {
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

const { startServer } = await import("./server");
const server = await startServer({
  dev,
  port: env.PORT,
  hostname: env.HOST,
  trustProxy: env.TRUST_PROXY,
});

const base = env.publicBaseUrl;
const lines = [`\noptline is running at ${base}`];
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

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ event: "server.stopping", signal }, "shutting down");
  server.close();
  // Close the database cleanly (PGlite flushes its files on close).
  const connection = (globalThis as { __optlineDb?: { close(): Promise<void> } }).__optlineDb;
  await connection?.close().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
