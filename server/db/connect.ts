// Dialect selection: SQLite (better-sqlite3, WAL, synchronous=FULL) in the data directory, or PostgreSQL from a URL.
import { mkdirSync } from "node:fs";
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

function connectSqlite(file: string): Db {
  const dir = file.replace(/[/\\][^/\\]*$/, "");
  if (dir && dir !== file) mkdirSync(dir, { recursive: true, mode: 0o700 });
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
