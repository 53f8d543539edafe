// The app's one logger (pino): one JSON object per line in production (for a log shipper),
// human-readable in development (`npm run dev`), level from LOG_LEVEL. Events carry ids
// (message, subscriber, request), never a full phone number, code, body or secret: see
// redact.ts. No "server-only": scripts/server.ts logs its request lines with it too.
//
// Kept on globalThis: scripts/server.ts (run by tsx) and the Next.js bundle each load this
// module, and both must write through one logger.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { getEnv } from "@/lib/env";
import { lazyProxy } from "@/lib/lazy-proxy";
import { censor, maskPhonesInText, REDACT_PATHS } from "./redact";

export type { Logger } from "pino";

export interface CreateLoggerOptions {
  level: string;
  /** Human-readable lines (development) instead of JSON. */
  pretty?: boolean;
  /** Where lines go; default stdout. Tests pass a stream they read. */
  destination?: DestinationStream;
}

function maskedError(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const key of ["message", "stack"] as const) {
    const text = serialized[key];
    if (typeof text === "string") serialized[key] = maskPhonesInText(text);
  }
  return serialized;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor },
    serializers: { err: maskedError },
    hooks: {
      // Messages are written by our code, but may quote what a provider said about a number.
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === "string" ? maskPhonesInText(arg) : arg));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
  if (options.pretty) {
    // By name, in pino's worker thread: pino-pretty is never part of a bundle.
    const destination =
      options.destination ??
      pino.transport({
        target: "pino-pretty",
        options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" },
      });
    return pino(config, destination);
  }
  return pino(
    {
      ...config,
      // Level names and ISO times read better in a log store than 30 and epoch ms.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const globalForLog = globalThis as typeof globalThis & { __optlineLogger?: Logger };

/** The process's logger, created on first use from LOG_LEVEL and NODE_ENV. */
export function getLogger(): Logger {
  if (!globalForLog.__optlineLogger) {
    const env = getEnv();
    globalForLog.__optlineLogger = createLogger({
      level: env.LOG_LEVEL,
      pretty: env.NODE_ENV === "development",
    });
  }
  return globalForLog.__optlineLogger;
}

/** `log.info({ event, messageId }, "…")`: the process's logger, resolved at each call. */
export const log: Logger = lazyProxy(getLogger);
