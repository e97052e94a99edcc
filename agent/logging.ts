// The agent's winston logger: size-capped rotating files in the OS's log folder, console when in the foreground.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import winston from "winston";
import { type Logger, redact } from "../shared/logger.js";

export interface AgentLoggerOptions {
  logDir: string;
  level: "debug" | "info" | "warn" | "error";
  console: boolean;
  /** Whether to write files (off for one-shot commands such as `ward check`). */
  files: boolean;
}

const redactFormat = winston.format((info) => {
  const { level, message, timestamp, ...meta } = info;
  return { ...(redact(meta) as object), level, message, timestamp } as winston.Logform.TransformableInfo;
});

export function createAgentLogger(o: AgentLoggerOptions): Logger & { close(): Promise<void> } {
  const transports: winston.transport[] = [];
  if (o.files) {
    mkdirSync(o.logDir, { recursive: true, mode: 0o750 });
    transports.push(
      new winston.transports.File({
        filename: join(o.logDir, "agent.log"),
        maxsize: 5 * 1024 * 1024,
        maxFiles: 5,
        tailable: true,
        format: winston.format.combine(winston.format.timestamp(), redactFormat(), winston.format.json()),
      }),
    );
  }
  if (o.console) {
    transports.push(
      new winston.transports.Console({
        stderrLevels: ["debug", "info", "warn", "error"],
        format: winston.format.combine(winston.format.timestamp(), redactFormat(), winston.format.simple()),
      }),
    );
  }
  const root = winston.createLogger({ level: o.level, transports, silent: transports.length === 0 });
  const wrap = (w: winston.Logger): Logger => ({
    debug: (m, meta) => void w.debug(m, meta),
    info: (m, meta) => void w.info(m, meta),
    warn: (m, meta) => void w.warn(m, meta),
    error: (m, meta) => void w.error(m, meta),
    child: (meta) => wrap(w.child(meta)),
  });
  return {
    ...wrap(root),
    close: () =>
      new Promise((resolve) => {
        if (transports.length === 0) return resolve();
        root.on("finish", () => resolve());
        root.end();
        setTimeout(resolve, 1000).unref();
      }),
  };
}
