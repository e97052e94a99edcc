// Command-line flags shared by every ward-server subcommand, mapped onto the config's names.
import { parseArgs } from "node:util";
import { AppError } from "../../shared/errors.js";
import type { PlainObject } from "../../shared/config.js";

const OPTIONS = {
  host: { type: "string" },
  port: { type: "string" },
  "data-dir": { type: "string" },
  db: { type: "string" },
  config: { type: "string" },
  "tls-cert": { type: "string" },
  "tls-key": { type: "string" },
  "trust-proxy": { type: "string" },
  "raw-retention-days": { type: "string" },
  "retention-days": { type: "string" },
  "log-level": { type: "string" },
  "public-url": { type: "string" },
  council: { type: "string" },
  expires: { type: "string" },
  uses: { type: "string" },
  device: { type: "string" },
  file: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export interface ParsedArgs {
  positionals: string[];
  flags: PlainObject;
  configFile: string | undefined;
  council: string | undefined;
  expires: string | undefined;
  uses: string | undefined;
  /** token create --device ID: a single-use token that may give that device a new key. */
  device: string | undefined;
  file: string | undefined;
  json: boolean;
  help: boolean;
}

type ExtraOptions = Record<string, { type: "string" | "boolean"; multiple?: boolean; short?: string }>;

/**
 * Parses the shared flags, plus `extra` options a feature's own subcommands take (alerts, user); their values come
 * back in `extra`.
 */
export function parseCliArgs(
  argv: string[],
  extraOptions: ExtraOptions = {},
): ParsedArgs & { extra: Record<string, unknown> } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...OPTIONS, ...extraOptions }, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new AppError("usage", `${(cause as Error).message}. Run \`ward-server --help\`.`, { cause });
  }
  const v = parsed.values as {
    [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string;
  };
  const extra = Object.fromEntries(Object.keys(extraOptions).map((k) => [k, parsed.values[k]]));
  const tls = v["tls-cert"] || v["tls-key"] ? { certFile: v["tls-cert"], keyFile: v["tls-key"] } : undefined;
  return {
    positionals: parsed.positionals,
    flags: {
      host: v.host,
      port: v.port,
      dataDir: v["data-dir"],
      db: v.db,
      tls,
      trustProxy: v["trust-proxy"],
      rawRetentionDays: v["raw-retention-days"],
      retentionDays: v["retention-days"],
      logLevel: v["log-level"],
      publicUrl: v["public-url"],
    },
    configFile: v.config,
    council: v.council,
    expires: v.expires,
    uses: v.uses,
    device: v.device,
    file: v.file,
    json: v.json ?? false,
    help: v.help ?? false,
    extra,
  };
}

/**
 * A feature's subcommand line (`ward-server user …`): its flags parsed; with --help or no subcommand, its usage
 * printed and null (no subcommand is also a usage error when `missing` says what to name).
 */
export function featureArgs(
  argv: string[],
  extraOptions: ExtraOptions,
  usage: string,
  print: (line: string) => void,
  missing?: string,
): (ParsedArgs & { extra: Record<string, unknown>; action: string }) | null {
  const args = parseCliArgs(argv.slice(1), extraOptions);
  const action = args.positionals[0];
  if (args.help || !action) {
    print(usage);
    if (!args.help && missing) throw new AppError("usage", missing);
    return null;
  }
  return { ...args, action };
}

export const USAGE = `ward-server: the Ward collector

Usage:
  ward-server start                 Serve the API (default 127.0.0.1:8080, SQLite in ./data/ward.db)
  ward-server migrate               Apply database migrations and exit
  ward-server council create NAME   Create a council (tenant)
  ward-server council list
  ward-server council policy --council ID|NAME --file POLICY.json
                                    Replace a council's policy (validated; version +1; devices fetch it)
  ward-server token create --council ID|NAME [--expires 7d] [--uses 25]
  ward-server token create --device ID [--expires 1d]   one use: re-enrols that laptop with a new key at once
                                    Print an enrolment token (shown once; only its hash is stored)
  ward-server token revoke TOKEN_ID
  ward-server token list [--council ID|NAME]
  ward-server alerts set|show|list|retry|send …
                                    Alert recipients, channels and rules per council (ward-server alerts --help)
  ward-server user create --email EMAIL --role ROLE [--council ID|NAME]
                                    A dashboard account (ward-server user --help)
  ward-server api-token create (--council ID|NAME | --provider) [--read-only] [--expires 90d] [--json]
                                    A token for the API under /api/v1 (ward-server api-token --help)
  ward-server report evidence --council ID|NAME --out FILE.pdf [--from DATE --to DATE]
  ward-server report verify FILE.pdf
                                    A council's signed Cyber Essentials / AGAR evidence pack, and checking one

Every subcommand takes:
  --data-dir DIR        SQLite file and the collector's key (default ./data)
  --db postgres://…     Use PostgreSQL (or set DATABASE_URL)
  --config FILE         A JSON config file (defaults < file < environment < flags)
  --json                Machine-readable output
start also takes --host, --port (0 = any free port), --tls-cert FILE --tls-key FILE,
  --trust-proxy ADDRS (the reverse proxy's addresses, e.g. 127.0.0.1,::1),
  --raw-retention-days N (default 90), --retention-days N (default 400), --log-level,
  --public-url URL (the address laptops reach this collector at; or WARD_PUBLIC_URL; the enrolment commands carry it).`;
