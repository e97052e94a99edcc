// Dialect selection: SQLite (better-sqlite3, WAL, synchronous=FULL) in the data directory, or PostgreSQL from a URL.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase as SqliteDialectDatabase } from "kysely";
import pg from "pg";
import { AppError } from "../../shared/errors.js";
import type { Database } from "./schema.js";

export type DialectName = "sqlite" | "postgres";

export interface DbHealth {
  ok: boolean;
  /** What is wrong, in words an operator can act on; null when ok. */
  problem: string | null;
  checkedAt: Date | null;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, without any password: for logs. */
  describe: string;
  /** The last integrity check (SQLite's quick_check); a damaged database is not written to. */
  health: DbHealth;
  /** Runs the integrity check now (SQLite); PostgreSQL checks its own pages. */
  checkIntegrity(): DbHealth;
  close(): Promise<void>;
  /** SQLite only: the writer's handle, for the ingest's statements inside its own transaction (raw-sqlite.ts). */
  sqlite?: SqliteDatabase.Database;
  /** SQLite in a file only: a second connection (opened on first use) that reads the last commit beside the writer. */
  reader?: () => SqliteDatabase.Database | undefined;
}

export interface ConnectOptions {
  /** postgres://… URL; when absent, SQLite at sqliteFile. */
  url?: string | undefined;
  sqliteFile: string;
  poolSize?: number;
  /**
   * How long SQLite waits for another process's write lock. better-sqlite3 waits synchronously, blocking the event
   * loop, so the server keeps it short and answers 503 "retry later"; command-line tools wait longer.
   */
  busyTimeoutMs?: number;
}

export function connect(options: ConnectOptions): Db {
  return options.url
    ? connectPostgres(options.url, options.poolSize ?? 10)
    : connectSqlite(options.sqliteFile, options.busyTimeoutMs ?? 5000);
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

function connectSqlite(file: string, busyTimeoutMs: number): Db {
  let handle: SqliteDatabase.Database | undefined;
  try {
    if (file !== ":memory:") lockDownSqliteFiles(file);
    handle = new SqliteDatabase(file);
    // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL at every commit, so an
    // acknowledged envelope survives a power cut, not only a process crash.
    handle.pragma("journal_mode = WAL");
    handle.pragma("synchronous = FULL");
    handle.pragma("foreign_keys = ON");
    handle.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    if (file !== ":memory:") lockDownSqliteFiles(file);
  } catch (cause) {
    handle?.close();
    throw explainSqliteOpenError(file, cause);
  }
  const db = handle;
  const health: DbHealth = { ok: true, problem: null, checkedAt: null };
  const checkIntegrity = (): DbHealth => {
    // quick_check reads every page (not the index-to-table cross-check of integrity_check): "ok" or the damage found.
    let problem: string | null;
    try {
      const rows = db.pragma("quick_check(5)") as { quick_check: string }[];
      const found = rows.map((r) => r.quick_check).filter((r) => r !== "ok");
      problem = found.length ? found.join("; ") : null;
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      // Busy or locked is not damage: the next check decides.
      if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return health;
      problem = (err as Error).message;
    }
    health.checkedAt = new Date();
    health.ok = problem === null;
    health.problem = problem
      ? `The SQLite database ${file} is damaged (${problem.slice(0, 300)}). The collector stopped writing to it: stop the collector, restore ${file} from your latest backup (keep the damaged copy for support), then start it again.`
      : null;
    return { ...health };
  };
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(db) }) });
  let reader: SqliteDatabase.Database | undefined;
  let closed = false;
  return {
    kysely,
    dialect: "sqlite",
    describe: `sqlite:${file}`,
    health,
    checkIntegrity,
    close: async () => {
      closed = true;
      reader?.close();
      await kysely.destroy();
    },
    sqlite: db,
    reader:
      file === ":memory:"
        ? undefined
        : () => {
            if (closed) return undefined;
            if (reader === undefined) {
              reader = new SqliteDatabase(file, { fileMustExist: true });
              reader.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
            }
            return reader;
          },
  };
}

/**
 * Kysely's SQLite driver prepares every statement it runs; the ingest runs the same few dozen again and again, so each
 * SQL text is prepared once and its statement reused (bounded: dynamic SQL such as IN lists cannot grow it forever).
 * The driver holds its one connection for a whole query or stream, so a cached statement is never run twice at once;
 * SQLite re-prepares a cached statement itself after a schema change.
 */
export function preparedOnce(db: SqliteDatabase.Database, max = 500): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (stmt === undefined) {
      stmt = db.prepare(source);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
      cache.set(source, stmt);
    }
    return stmt;
  };
  return {
    prepare,
    close: () => {
      cache.clear();
      db.close();
    },
  };
}

/** Opening fails on a garbled header ("file is not a database"), a full or failing disk, or permissions: say which. */
function explainSqliteOpenError(file: string, cause: unknown): AppError {
  const code = (cause as { code?: string }).code ?? "";
  const message = (cause as Error).message;
  if (code === "SQLITE_NOTADB" || /not a database/.test(message)) {
    return new AppError(
      "unavailable",
      `The SQLite database ${file} is damaged: its header is unreadable (${message}). Restore it from your latest backup (keep the damaged copy for support), then start the collector again.`,
      { cause },
    );
  }
  if (code === "SQLITE_FULL" || code.startsWith("SQLITE_IOERR") || code === "SQLITE_CANTOPEN" || code === "ENOSPC") {
    return new AppError(
      "unavailable",
      `Cannot open the SQLite database ${file} (${message}): the disk holding ${dirname(file)} is full, failing or not writable. Free space there (df -h ${dirname(file)}), check its permissions, then start the collector again.`,
      { cause },
    );
  }
  return new AppError("unavailable", `Cannot open the SQLite database ${file}: ${message}`, { cause });
}

// int8 (bigint) and numeric come back from pg as strings; seq and counts fit in a JS number.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
};

function connectPostgres(url: string, poolSize: number): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it. Queries report their own errors.
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const health: DbHealth = { ok: true, problem: null, checkedAt: null };
  return {
    kysely,
    dialect: "postgres",
    describe: redactUrl(url),
    health,
    checkIntegrity: () => ({ ...health }),
    close: () => kysely.destroy(),
  };
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
