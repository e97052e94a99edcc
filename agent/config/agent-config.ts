// The agent's configuration: defaults < config file < WARD_* environment < command-line flags, validated once.
import { join } from "node:path";
import { z } from "zod";
import { loadConfig } from "../../shared/config.js";
import { EnrollToken } from "../../shared/schemas/api.js";
import type { AgentPaths } from "./agent-paths.js";

export const AgentConfig = z.object({
  /** The collector, e.g. https://ward.example-it.co.uk. Needed to enrol; afterwards the enrolment pins it. */
  serverUrl: z
    .url({ protocol: /^https?$/ })
    .refine(
      (u) => u.startsWith("https://") || isLoopbackUrl(u),
      "must be https:// (plain http:// only for a collector on this computer: 127.0.0.1, ::1 or localhost)",
    )
    .optional(),
  /** One-time enrolment token from the IT provider; removed from the config file once used. */
  enrollToken: EnrollToken.optional(),
  stateDir: z.string().min(1),
  logDir: z.string().min(1),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Extra CA certificates (PEM) for a collector behind a private CA. */
  caFile: z.string().optional(),
  /** Overrides the policy's check interval, in minutes. */
  checkIntervalMinutes: z.coerce.number().int().min(1).max(1440).optional(),
  /** Random delay added to each scheduled cycle, so a council's laptops do not all call at once. */
  jitterSeconds: z.coerce.number().int().min(0).max(3600).default(90),
  /** How often the cheap USB watch looks for removable storage between cycles. */
  usbWatchSeconds: z.coerce.number().int().min(5).max(3600).default(60),
  spool: z
    .object({
      maxAgeDays: z.coerce.number().int().min(1).max(365).default(30),
      maxMegabytes: z.coerce.number().min(1).max(10_000).default(50),
    })
    .prefault({}),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

/** A collector on this computer: the only place plain http:// is accepted (nothing crosses a network). */
export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
  } catch {
    return false;
  }
}

export interface AgentConfigFlags {
  config?: string;
  stateDir?: string;
  logDir?: string;
  serverUrl?: string;
  enrollToken?: string;
  logLevel?: string;
}

const ENV_MAP = {
  WARD_SERVER_URL: "serverUrl",
  WARD_ENROLL_TOKEN: "enrollToken",
  WARD_STATE_DIR: "stateDir",
  WARD_LOG_DIR: "logDir",
  WARD_LOG_LEVEL: "logLevel",
  WARD_CA_FILE: "caFile",
  WARD_CHECK_INTERVAL_MINUTES: "checkIntervalMinutes",
};

/** Resolves the config. With --state-dir and no --log-dir, logs go to <state-dir>/logs, so trials need no root. */
export function resolveAgentConfig(
  paths: AgentPaths,
  flags: AgentConfigFlags,
  env = process.env,
): {
  config: Readonly<AgentConfig>;
  configFile: string;
} {
  const configFile = flags.config ?? env.WARD_CONFIG ?? paths.configFile;
  const logDir = flags.logDir ?? (flags.stateDir ? join(flags.stateDir, "logs") : undefined);
  const config = loadConfig(AgentConfig, {
    defaults: { stateDir: paths.stateDir, logDir: paths.logDir },
    file: configFile,
    fileOptional: flags.config === undefined,
    env,
    envMap: ENV_MAP,
    flags: {
      stateDir: flags.stateDir,
      logDir,
      serverUrl: flags.serverUrl,
      enrollToken: flags.enrollToken,
      logLevel: flags.logLevel,
    },
  });
  return { config, configFile };
}
