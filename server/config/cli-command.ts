// The ward-server command an administrator types where this collector runs, for hints on the dashboard's pages.
// `cliCommand` (WARD_CLI_COMMAND, which an installed unit sets) wins. Otherwise a collector run from a source
// checkout (this file is TypeScript, run by tsx) is driven with `npm run -s server --` in that checkout, and an
// installed build with `ward-server`. The collector's own database is named, so the command acts on it.
import type { ServerConfig } from "./config.js";

const FROM_SOURCE = import.meta.url.endsWith(".ts");

export function cliCommandPrefix(config: Pick<ServerConfig, "cliCommand">, fromSource = FROM_SOURCE): string {
  return config.cliCommand ?? (fromSource ? "npm run -s server --" : "ward-server");
}

/** e.g. `npm run -s server -- council create NAME --data-dir /srv/ward/data` (a PostgreSQL URL is not shown: it holds a password). */
export function cliCommand(
  config: Pick<ServerConfig, "cliCommand" | "dataDir" | "db">,
  args: string,
  fromSource = FROM_SOURCE,
): string {
  const database = config.db ? "--db postgres://…" : `--data-dir ${shellQuote(config.dataDir)}`;
  return `${cliCommandPrefix(config, fromSource)} ${args} ${database}`;
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
