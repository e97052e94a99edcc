// The collector's configuration: schema, defaults, environment names; loaded once through shared/config.ts and frozen.
import { isIP } from "node:net";
import { resolve } from "node:path";
import { z } from "zod";
import { MAX_BATCH_ENVELOPES, MAX_BODY_BYTES } from "../../shared/schemas/api.js";
import { loadConfig, type PlainObject } from "../../shared/config.js";
import { SSO_ENV, SsoSettings } from "../dashboard/sso/settings.js";

const Port = z.coerce.number().int().min(0).max(65535);
/**
 * Which reverse proxies' X-Forwarded-For to believe, by the address they connect from. `true` (every hop) would
 * let a client pick its own address (login throttle, audit log), and a hop count cannot tell the proxy from a client
 * that connects directly, so both are refused. Addresses, CIDR ranges and proxy-addr's names (loopback, linklocal,
 * uniquelocal), comma-separated; handed to Fastify (proxy-addr), which then believes only the hop the proxy added.
 */
export const TrustProxy = z.unknown().transform((v, ctx): false | string[] => {
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  if (v === false || v === undefined || v === null) return false;
  if (v === true) return fail(TRUE_REFUSED);
  const items = (Array.isArray(v) ? v.map(String) : String(v).split(","))
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  if (items.length === 0 || (items.length === 1 && ["false", "no", "0"].includes(items[0]!))) return false;
  if (items.length === 1 && ["true", "yes"].includes(items[0]!)) return fail(TRUE_REFUSED);
  if (items.length === 1 && /^\d+$/.test(items[0]!))
    return fail(`${TRUE_REFUSED}; a hop count cannot tell the proxy from a client that connects directly`);
  const bad = items.find((a) => !PROXY_NAMES.has(a) && !validRange(a));
  if (bad !== undefined)
    return fail(`"${bad}" must be an IP address or CIDR range (e.g. 127.0.0.1 or 10.0.0.0/8), or loopback`);
  // A range this wide is "every client" in disguise (0.0.0.0/1 + 128.0.0.0/1 trusts the whole Internet).
  const wide = items.find((a) => a.includes("/") && Number(a.split("/")[1]) < (isIP(a.split("/")[0]!) === 4 ? 8 : 16));
  if (wide !== undefined)
    return fail(
      `"${wide}" is too wide a range for a proxy: name the proxy's own addresses (at most a /8 for IPv4, /16 for IPv6)`,
    );
  return items.length <= 20 ? items : fail("at most 20 proxy addresses");
});
const PROXY_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);
/** An address, or an address with a prefix length within its family's bits (proxy-addr refuses /33 or /999 at start). */
function validRange(a: string): boolean {
  const [addr = "", prefix, extra] = a.split("/");
  const family = isIP(addr);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
const TRUE_REFUSED =
  "must name the proxy by its addresses (e.g. 127.0.0.1,::1), not true, which would trust an address any client can write";
export type TrustProxy = z.infer<typeof TrustProxy>;

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
  tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1) }).optional(),
  /** Honour X-Forwarded-For only from these proxies (addresses) or this many hops in front (nginx, Caddy). */
  trustProxy: TrustProxy.default(false),
  rawRetentionDays: Days.default(90),
  retentionDays: Days.default(400),
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(MAX_BODY_BYTES),
  batchLimit: z.coerce.number().int().min(1).max(MAX_BATCH_ENVELOPES).default(MAX_BATCH_ENVELOPES),
  /** How often each instance asks the database whether a scheduled job is due (the jobs themselves run daily). */
  jobCheckMinutes: z.coerce.number().min(0.01).max(1440).default(10),
  logLevel: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** How an administrator runs ward-server here, for the dashboard's hints (see cli-command.ts); unset: detected. */
  cliCommand: z.string().trim().min(1).optional(),
  /**
   * The address laptops and people reach this collector at (behind its reverse proxy), e.g. https://ward.example.org:
   * the enrolment commands on the tokens page carry it. Unset: the page says so and how to set it.
   */
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .transform((u) => u.replace(/\/+$/, ""))
    .optional(),
  /** Where the built agent packages are (npm run build:installers writes dist/); served under /downloads/. */
  distDir: z.string().min(1).optional(),
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
  WARD_PUBLIC_URL: "publicUrl",
  WARD_DIST_DIR: "distDir",
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
