// The logger interface every part receives (never imported globally), and the redaction of secrets.

export interface Logger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
  child(meta: Record<string, unknown>): Logger;
}

const SECRET_KEY = /(token|secret|password|privatekey|private_key|authorization|cookie|signature|seed)/i;

/** Replaces the values of secret-looking keys, at any depth, with "[redacted]". */
export function redact(meta: unknown, depth = 0): unknown {
  if (depth > 8 || typeof meta !== "object" || meta === null) return meta;
  if (Array.isArray(meta)) return meta.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  meta: Record<string, unknown>;
}

/** A logger that keeps lines in memory: for tests, and for commands that print their own output. */
export function memoryLogger(lines: LogLine[] = [], base: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine["level"]) =>
    (message: string, meta: Record<string, unknown> = {}) => {
      lines.push({ level, message, meta: redact({ ...base, ...meta }) as Record<string, unknown> });
    };
  return {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (meta) => memoryLogger(lines, { ...base, ...meta }),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
