// The ingest's hot path on SQLite: better-sqlite3 statements, prepared once, run inside a Kysely transaction.
import type SqliteDatabase from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import type { Database } from "./schema.js";

type Handle = SqliteDatabase.Database;

/**
 * Transactions bound to their SQLite handle. Kysely's SQLite driver has one connection and a transaction holds it
 * from begin to commit, so a statement run on the handle while the transaction is open runs inside it, and nothing
 * else can interleave. Only a transaction object is ever bound: outside one, the handle is shared with every other
 * query and must go through Kysely.
 */
const bound = new WeakMap<object, Handle>();
const statements = new WeakMap<Handle, Map<string, SqliteDatabase.Statement>>();

/** `source` prepared on `handle` once (the writer's and the reader's handles each keep their own statements). */
function prepared(handle: Handle, source: string): SqliteDatabase.Statement {
  let cache = statements.get(handle);
  if (cache === undefined) {
    cache = new Map();
    statements.set(handle, cache);
  }
  let stmt = cache.get(source);
  if (stmt === undefined) {
    stmt = handle.prepare(source);
    cache.set(source, stmt);
  }
  return stmt;
}

/** Marks `trx` (an open transaction on `handle`) as one whose stores may use the handle directly. */
export function bindRawSqlite(trx: Kysely<Database>, handle: Handle): void {
  bound.set(trx, handle);
}

/** Unbinds at commit or rollback, so a transaction object kept by mistake can never reach the handle later. */
export function unbindRawSqlite(trx: Kysely<Database>): void {
  bound.delete(trx);
}

/**
 * The statement for `source` on the handle bound to `q`, prepared once; undefined when `q` is not a bound SQLite
 * transaction (PostgreSQL, or any query outside the ingest's transaction): the caller then uses Kysely.
 */
export function rawStatement(q: Kysely<Database>, source: string): SqliteDatabase.Statement | undefined {
  const handle = bound.get(q);
  return handle === undefined ? undefined : prepared(handle, source);
}

/**
 * Whether `q` is a bound SQLite transaction that SQLite has already ended by itself: on SQLITE_FULL, IOERR, NOMEM or
 * BUSY it may roll back the whole transaction, after which every statement would run, and commit, on its own. False
 * for PostgreSQL and anything unbound (there a failed statement fails every later one until the rollback).
 */
export function transactionEnded(q: Kysely<Database>): boolean {
  const handle = bound.get(q);
  return handle !== undefined && !handle.inTransaction;
}

/** Whether `q` is a SQLite transaction bound to its handle (statements on it cost no round trip). */
export function isBoundSqlite(q: Kysely<Database>): boolean {
  return bound.has(q);
}

/** A statement with no parameters and no rows (savepoints): on the bound handle, else through Kysely. */
export async function runStatement(q: Kysely<Database>, source: string): Promise<void> {
  const raw = rawStatement(q, source);
  if (raw) raw.run();
  else await sql.raw(source).execute(q);
}

/**
 * A statement on SQLite's second connection, which reads the last commit while the writer holds a transaction (WAL:
 * readers never wait for the writer); undefined without one (PostgreSQL, an in-memory database): use Kysely.
 */
export function readerStatement(
  reader: (() => Handle | undefined) | undefined,
  source: string,
): SqliteDatabase.Statement | undefined {
  const handle = reader?.();
  return handle === undefined ? undefined : prepared(handle, source);
}
