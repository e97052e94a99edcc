// The collector's configuration: schema, defaults, environment names; loaded once through shared/config.ts and frozen.
import { resolve } from "node:path";
import { z } from "zod";
import { MAX_BATCH_ENVELOPES, MAX_BODY_BYTES } from "../../shared/schemas/api.js";
import { loadConfig, type PlainObject } from "../../shared/config.js";
import { SSO_ENV, SsoSettings } from "../dashboard/sso/settings.js";

const Port = z.coerce.number().int().min(0).max(65535);
const Bool = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes"),
]);
const Days = z.coerce.number().int().min(1).max(36500);

export const ServerConfig = z.object({
  host: z.string().min(1).default("127.0.0.1"),
  port: Port.default(8080),
  /** Holds ward.db (SQLite) and collector-key.json. */
  dataDir: z.string().min(1).default("./data"),
  /** postgres://… to use PostgreSQL; unset for SQLite in dataDir. */
  db: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  tls: z
    .object({ certFile: z.string().min(1), keyFile: z.string().min(1) })
    .optional(),
  /** Honour X-Forwarded-For from a reverse proxy in front (nginx, Caddy). */
  trustProxy: Bool.default(false),
  rawRetentionDays: Days.default(90),
  retentionDays: Days.default(400),
  bodyLimitBytes: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(MAX_BODY_BYTES),
  batchLimit: z.coerce.number().int().min(1).max(MAX_BATCH_ENVELOPES).default(MAX_BATCH_ENVELOPES),
  /** How often each instance asks the database whether a scheduled job is due (the jobs themselves run daily). */
  jobCheckMinutes: z.coerce.number().min(0.01).max(1440).default(10),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** How an administrator runs ward-server here, for the dashboard's hints (see cli-command.ts); unset: detected. */
  cliCommand: z.string().trim().min(1).optional(),
  /** OpenID Connect single sign-on for the dashboard (server/dashboard/sso/); off when absent. */
  sso: SsoSettings.optional(),
});
export type ServerConfig = z.infer<typeof ServerConfig>;

export const SERVER_ENV: Record<string, string> = {
  WARD_HOST: "host",
  WARD_PORT: "port",
  WARD_DATA_DIR: "dataDir",
  DATABASE_URL: "db",
  WARD_TLS_CERT: "tls.certFile",
  WARD_TLS_KEY: "tls.keyFile",
  WARD_TRUST_PROXY: "trustProxy",
  WARD_RAW_RETENTION_DAYS: "rawRetentionDays",
  WARD_RETENTION_DAYS: "retentionDays",
  WARD_LOG_LEVEL: "logLevel",
  WARD_CLI_COMMAND: "cliCommand",
  ...SSO_ENV,
};

export interface LoadServerConfigInput {
  flags?: PlainObject;
  env?: NodeJS.ProcessEnv;
  /** A JSON config file (--config); optional. */
  file?: string;
}

export function loadServerConfig(input: LoadServerConfigInput = {}): Readonly<ServerConfig> {
  const config = loadConfig(ServerConfig, {
    ...(input.file ? { file: input.file } : {}),
    env: input.env ?? {},
    envMap: SERVER_ENV,
    flags: input.flags ?? {},
  });
  return Object.freeze({ ...config, dataDir: resolve(config.dataDir) });
}

/** The SQLite file inside the data directory. */
export function sqlitePath(config: Pick<ServerConfig, "dataDir">): string {
  return resolve(config.dataDir, "ward.db");
}
