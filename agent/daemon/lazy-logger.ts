// The resident agent's logger: winston is loaded on the first line, so an agent with nothing to say never holds it.
import type { Logger } from "../../shared/logger.js";
import type { AgentLoggerOptions } from "../logging.js";

type Line = { level: "debug" | "info" | "warn" | "error"; message: string; meta: Record<string, unknown> };

const RANK = { debug: 0, info: 1, warn: 2, error: 3 } as const;

/**
 * The step processes log their own work; the resident agent only says what happens between steps (a step killed at
 * its bound, a network change, USB events unavailable). Lines below the configured level never load winston; the
 * first line that counts loads it and it stays (about 5 MB, measured by the bench's idle figure when it happens).
 */
export function lazyAgentLogger(o: AgentLoggerOptions): Logger & { close(): Promise<void> } {
  let real: (Logger & { close(): Promise<void> }) | null = null;
  let loading: Promise<void> | null = null;
  const pending: Line[] = [];
  const load = () => {
    loading ??= import("../logging.js").then(
      ({ createAgentLogger }) => {
        real = createAgentLogger(o);
        for (const l of pending.splice(0)) real[l.level](l.message, l.meta);
      },
      () => undefined,
    );
    return loading;
  };
  const make = (base: Record<string, unknown>): Logger => {
    const at =
      (level: Line["level"]) =>
      (message: string, meta: Record<string, unknown> = {}) => {
        if (RANK[level] < RANK[o.level]) return;
        const line = { level, message, meta: { ...base, ...meta } };
        if (real) real[level](line.message, line.meta);
        else {
          // Bounded: a logger that cannot load must not grow without end.
          if (pending.length < 1000) pending.push(line);
          void load();
        }
      };
    return {
      debug: at("debug"),
      info: at("info"),
      warn: at("warn"),
      error: at("error"),
      child: (meta) => make({ ...base, ...meta }),
    };
  };
  return {
    ...make({}),
    close: async () => {
      if (loading) await loading;
      await real?.close();
    },
  };
}
