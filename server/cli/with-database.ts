// The subcommands' database prologue, once: config from flags, environment and file; connect, migrate, run, close.
import { systemClock } from "../clock.js";
import { loadServerConfig, type ServerConfig, sqlitePath } from "../config/config.js";
import { connect, type Db } from "../db/connect.js";
import { migrateToLatest } from "../db/migrate.js";
import { audit } from "../dashboard/audit.js";
import type { ParsedArgs } from "./args.js";

/** Who the audit log names for what a subcommand does (no dashboard user is signed in). */
export const CLI_ACTOR = "ward-server CLI";

export interface CliDatabase {
  config: Readonly<ServerConfig>;
  db: Db;
  /** The migrations this run applied (`migrate` prints them). */
  applied: string[];
  /** One audit-log entry by the CLI, now, from "local". */
  audit(action: string, target: string, councilId: string | null, detail?: Record<string, unknown>): Promise<void>;
}

/** The layered config a subcommand runs with: defaults < --config file < environment < flags. */
export function cliConfig(args: Pick<ParsedArgs, "flags" | "configFile">): Readonly<ServerConfig> {
  return loadServerConfig({
    flags: args.flags,
    env: process.env,
    ...(args.configFile ? { file: args.configFile } : {}),
  });
}

/** Runs `fn` with the migrated database of the config these flags name; the database is closed however fn ends. */
export async function withCliDatabase<T>(
  args: Pick<ParsedArgs, "flags" | "configFile">,
  fn: (c: CliDatabase) => Promise<T>,
  options: { poolSize?: number } = {},
): Promise<T> {
  return withConfigDatabase(cliConfig(args), fn, options);
}

/** withCliDatabase for a config already loaded (the admin subcommands get theirs from main). */
export async function withConfigDatabase<T>(
  config: Readonly<ServerConfig>,
  fn: (c: CliDatabase) => Promise<T>,
  options: { poolSize?: number } = {},
): Promise<T> {
  const db = connect({ url: config.db, sqliteFile: sqlitePath(config), poolSize: options.poolSize ?? 2 });
  try {
    const applied = await migrateToLatest(db);
    const cliAudit: CliDatabase["audit"] = (action, target, councilId, detail = {}) =>
      audit(db.kysely, {
        at: systemClock.now(),
        userId: null,
        actor: CLI_ACTOR,
        councilId,
        action,
        target,
        detail,
        ip: "local",
      });
    return await fn({ config, db, applied, audit: cliAudit });
  } finally {
    await db.close();
  }
}
