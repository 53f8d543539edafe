// The one place that reads process.env. Parsed lazily (first call), so that `next build`
// can import modules without a full runtime configuration. Every variable is documented in
// .env.example.
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const ZEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    DATABASE_URL: optionalString.refine(
      (url) => url === undefined || /^postgres(ql)?:\/\//.test(url),
      "DATABASE_URL must start with postgres:// or postgresql://",
    ),
    PGLITE_DATA_DIR: z.string().default(".data/pglite"),
    /** Seed the demo organization into an empty database; defaults to on for PGlite, off for PostgreSQL. */
    SEED_DEMO_DATA: z.enum(["true", "false"]).optional(),
    PUBLIC_BASE_URL: optionalString,
    AUTH_SECRET: optionalString,
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0", ""])
      .default("false")
      .transform((value) => value === "true" || value === "1"),
    SMS_PROVIDER: z.enum(["dev", "twilio"]).optional(),
    TWILIO_ACCOUNT_SID: optionalString,
    TWILIO_AUTH_TOKEN: optionalString,
    TWILIO_MESSAGING_SERVICE_SID: optionalString,
    TWILIO_FROM_NUMBER: optionalString,
    TWILIO_API_URL: optionalString,
    /**
     * Sends per second from the installation's Twilio sender (1 for a long code, 3 toll-free,
     * 100 short code), shared by every app server; unset: not paced (Twilio queues them).
     */
    DEFAULT_SENDER_MESSAGES_PER_SECOND: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.coerce.number().int().min(1).max(1000).optional(),
    ),
    /** Send verification codes through Twilio Verify (VA…) instead of optline's own codes. */
    TWILIO_VERIFY_SERVICE_SID: optionalString,
    DEV_SMS_FROM_NUMBER: z.string().default("+15005550006"),
    /**
     * The dev SMS provider in production (NODE_ENV=production): refused unless "true". With it,
     * no text reaches a phone and any member can answer as their subscribers in the Dev phone.
     */
    ALLOW_DEV_SMS_IN_PRODUCTION: z
      .enum(["true", "false", ""])
      .default("false")
      .transform((value) => value === "true"),
    /** Server processes `npm start` runs (node:cluster); default one per core. PGlite: always 1. */
    WEB_CONCURRENCY: z.preprocess(
      (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
      z.coerce.number().int().min(1).max(256).optional(),
    ),
    /**
     * V8's old-space limit of each forked server process, in MB (0: V8's own, sized from the
     * machine's memory). Without it V8 lets the heap grow far past what it keeps alive.
     */
    SERVER_HEAP_MB: z.coerce.number().int().min(0).max(65_536).default(256),
    /** At SIGTERM: how long in-flight requests and SMS sends may take before the process exits. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(8000),
    OUTBOX_POLL_MS: z.coerce.number().int().min(100).default(2000),
    OUTBOX_WORKER: z.enum(["on", "off"]).default("on"),
    /** smtp: mail goes out through SMTP_URL. dev: it stays in the dev mailbox (/dev/mailbox). */
    MAIL_PROVIDER: z.enum(["dev", "smtp"]).optional(),
    SMTP_URL: optionalString.refine(
      (url) => url === undefined || /^smtps?:\/\//.test(url),
      "SMTP_URL must start with smtp:// or smtps://",
    ),
    MAIL_FROM: optionalString,
    /** Minutes between evidence checkpoints of an organization whose evidence changed. */
    EVIDENCE_CHECKPOINT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
    /** Rate-limit counters in Redis instead of the database (optional). */
    REDIS_URL: optionalString.refine(
      (url) => url === undefined || /^rediss?:\/\//.test(url),
      "REDIS_URL must start with redis:// or rediss://",
    ),
    /**
     * Webhooks to private, loopback and link-local addresses (and plain http): "true" in
     * development (the default there), refused everywhere else unless set.
     */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(["true", "false", ""]).optional(),
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .default("info"),
    /** Bearer token for GET /api/metrics; unset: the endpoint does not exist (404). */
    METRICS_TOKEN: optionalString.refine(
      (token) => token === undefined || token.length >= 24,
      "METRICS_TOKEN must be at least 24 characters (openssl rand -hex 32)",
    ),
  })
  .transform((env, ctx) => {
    const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(
      /\/+$/,
      "",
    );
    const smsProvider = env.SMS_PROVIDER ?? (env.TWILIO_ACCOUNT_SID ? "twilio" : "dev");
    if (smsProvider === "twilio") {
      if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN) {
        ctx.addIssue({
          code: "custom",
          message: "SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
        });
      }
      if (!env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_FROM_NUMBER) {
        ctx.addIssue({
          code: "custom",
          message: "SMS_PROVIDER=twilio needs TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER",
        });
      }
    }
    if (env.TWILIO_VERIFY_SERVICE_SID && (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN)) {
      ctx.addIssue({
        code: "custom",
        message: "TWILIO_VERIFY_SERVICE_SID needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
      });
    }
    const mailProvider = env.MAIL_PROVIDER ?? (env.SMTP_URL ? "smtp" : "dev");
    if (mailProvider === "smtp" && !env.SMTP_URL) {
      ctx.addIssue({ code: "custom", message: "MAIL_PROVIDER=smtp needs SMTP_URL" });
    }
    // Sign-up links, password resets and invitations must reach people: in production the dev
    // mailbox (which keeps mail on the server) is used only when asked for by name.
    if (env.NODE_ENV === "production" && mailProvider === "dev" && env.MAIL_PROVIDER !== "dev") {
      ctx.addIssue({
        code: "custom",
        message:
          "Set SMTP_URL (and MAIL_FROM) so optline can send mail, or MAIL_PROVIDER=dev to keep mail in the dev mailbox of this machine (a demo, not for real users)",
      });
    }
    if (
      env.NODE_ENV === "production" &&
      smsProvider === "dev" &&
      !env.ALLOW_DEV_SMS_IN_PRODUCTION
    ) {
      ctx.addIssue({
        code: "custom",
        message:
          "No SMS provider for production: set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and " +
          "TWILIO_FROM_NUMBER (or TWILIO_MESSAGING_SERVICE_SID). The dev SMS provider sends " +
          "nothing and lets any member reply as a subscriber (Dev phone); to run it in " +
          "production anyway (a demo), set ALLOW_DEV_SMS_IN_PRODUCTION=true.",
      });
    }
    if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", message: "AUTH_SECRET is required (npm start creates one)" });
    }
    const mailFrom =
      env.MAIL_FROM ?? `optline <no-reply@${URL.parse(publicBaseUrl)?.hostname || "localhost"}>`;
    const webhookAllowPrivateTargets = env.WEBHOOK_ALLOW_PRIVATE_TARGETS
      ? env.WEBHOOK_ALLOW_PRIVATE_TARGETS === "true"
      : env.NODE_ENV === "development";
    return {
      ...env,
      publicBaseUrl,
      smsProvider,
      mailProvider,
      mailFrom,
      webhookAllowPrivateTargets,
    } as const;
  });

export type Env = z.output<typeof ZEnvSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (!cached) {
    const parsed = ZEnvSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `- ${issue.path.join(".") || "env"}: ${issue.message}`,
      );
      throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** The loud startup warning for the dev SMS provider in production, or null. */
export function devSmsProductionWarning(env: Env = getEnv()): string | null {
  if (env.NODE_ENV !== "production" || env.smsProvider !== "dev") return null;
  const line = "!".repeat(78);
  return [
    line,
    "!! WARNING: the dev SMS provider is on in production (ALLOW_DEV_SMS_IN_PRODUCTION=true).",
    "!! No text reaches any phone: they stay in this server's Dev phone, and every member of",
    "!! an organization can reply there as its subscribers (recorded as Dev phone replies,",
    "!! not as carrier-delivered ones). Use it for a demo only; set the Twilio variables for",
    "!! real use.",
    line,
  ].join("\n");
}

/** Tests change process.env between cases; production never calls this. */
export function resetEnvCache(): void {
  cached = undefined;
}
