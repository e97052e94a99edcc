// The collector's logger: winston JSON lines on stderr (stdout stays for command output), secrets redacted.
import winston from "winston";
import { type Logger, redact } from "../shared/logger.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

/** `stream` replaces stderr (tests read what would be written). */
export function createLogger(
  level: LogLevel = "info",
  base: Record<string, unknown> = {},
  stream?: NodeJS.WritableStream,
): Logger {
  const transport = stream
    ? new winston.transports.Stream({ stream })
    : new winston.transports.Console({ stderrLevels: ["debug", "info", "warn", "error"] });
  const w = winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [transport],
  });
  return wrap(w, base);
}

function wrap(w: winston.Logger, base: Record<string, unknown>): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, meta: Record<string, unknown> = {}) => {
      w.log(level, message, redact({ ...base, ...meta }) as Record<string, unknown>);
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (meta) => wrap(w, { ...base, ...meta }),
  };
}
