// Dialect selection: SQLite (better-sqlite3, WAL, synchronous=FULL) in the data directory, or PostgreSQL from a URL.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import { AppError } from "../../shared/errors.js";
import type { Database } from "./schema.js";

export type DialectName = "sqlite" | "postgres";

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, without any password: for logs. */
  describe: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres://… URL; when absent, SQLite at sqliteFile. */
  url?: string | undefined;
  sqliteFile: string;
  poolSize?: number;
}

export function connect(options: ConnectOptions): Db {
  return options.url ? connectPostgres(options.url, options.poolSize ?? 10) : connectSqlite(options.sqliteFile);
}

/**
 * The database holds the collector's signing key, the SMTP password and TOTP secrets: its folder is made 0700 and
 * its files 0600 whatever was there before (a folder an admin made, ./data in a checkout). The file is created 0600
 * before SQLite opens it, and SQLite gives its -wal and -shm files the database file's mode.
 */
export function lockDownSqliteFiles(file: string): void {
  const dir = file.replace(/[/\\][^/\\]*$/, "");
  if (dir && dir !== file) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    tighten(dir, 0o700);
  }
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(f)) tighten(f, 0o600);
}

function tighten(path: string, mode: number): void {
  if (process.platform === "win32" || (statSync(path).mode & 0o777) === mode) return;
  try {
    chmodSync(path, mode);
  } catch (cause) {
    throw new AppError(
      "unavailable",
      `${path} can be read by other users of this computer and Ward cannot change that (${(cause as Error).message}). It holds the collector's signing key and passwords: run "chmod ${mode.toString(8)} ${path}" as its owner, or choose another --data-dir.`,
      { cause },
    );
  }
}

function connectSqlite(file: string): Db {
  if (file !== ":memory:") lockDownSqliteFiles(file);
  let handle: SqliteDatabase.Database;
  try {
    handle = new SqliteDatabase(file);
  } catch (cause) {
    throw new AppError("unavailable", `Cannot open the SQLite database ${file}: ${(cause as Error).message}`, { cause });
  }
  // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL at every commit, so an
  // acknowledged envelope survives a power cut, not only a process crash.
  handle.pragma("journal_mode = WAL");
  handle.pragma("synchronous = FULL");
  handle.pragma("foreign_keys = ON");
  handle.pragma("busy_timeout = 5000");
  if (file !== ":memory:") lockDownSqliteFiles(file);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: handle }) });
  return { kysely, dialect: "sqlite", describe: `sqlite:${file}`, close: () => kysely.destroy() };
}

// int8 (bigint) and numeric come back from pg as strings; seq and counts fit in a JS number.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

function connectPostgres(url: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it. Queries report their own errors.
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { kysely, dialect: "postgres", describe: redactUrl(url), close: () => kysely.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable URL)";
  }
}
