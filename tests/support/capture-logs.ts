// Log lines as tests read them: a logger built like the app's (createLogger, JSON) that writes
// into memory, and a way to put such a logger in place of the app's for a while.
import { Writable } from "node:stream";
import { createLogger, type Logger } from "@/lib/log/logger";

export interface CapturedLogs {
  logger: Logger;
  /** Each line, parsed. */
  lines: Record<string, unknown>[];
  /** Everything written, as text: to check that something never appears anywhere. */
  text: () => string;
}

export function captureLogger(level = "info"): CapturedLogs {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines, text: () => raw.join("\n") };
}

const globalForLog = globalThis as typeof globalThis & { __optlineLogger?: Logger };

/** The app's logger (lib/log/logger.ts `log`) writes here until `restore()`. */
export function captureAppLogs(level = "debug"): CapturedLogs & { restore: () => void } {
  const saved = globalForLog.__optlineLogger;
  const captured = captureLogger(level);
  globalForLog.__optlineLogger = captured.logger;
  return {
    ...captured,
    restore: () => {
      globalForLog.__optlineLogger = saved;
    },
  };
}
