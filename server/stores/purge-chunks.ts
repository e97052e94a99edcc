// The retention purge in bounded chunks, each its own short transaction, so the ingest's commits go in between.
import { setImmediate as nextTurn } from "node:timers/promises";
import { type Kysely, sql } from "kysely";
import type { DialectName } from "../db/connect.js";
import type { Database } from "../db/schema.js";

/** Rows one chunk deletes, or reads at most (about) to fold: a few tens of milliseconds of SQLite's one writer. */
export const CHUNK_ROWS = 500;

export interface ChunkDone {
  /** Which part of the purge (a PurgeCounts name). */
  step: string;
  /** Rows it deleted (a delete) or read (the fold). */
  rows: number;
  /** How long its transaction took, begin to commit. */
  ms: number;
}

export interface ChunkOptions {
  /** "postgres": the fold locks each device's row while it folds it, as the ingest does. */
  dialect?: DialectName;
  /** Rows a chunk deletes, or reads to fold (CHUNK_ROWS unless said; tests use fewer). */
  chunkRows?: number;
  /** A device's rows read at a time by the fold (FOLD_PAGE unless said). */
  foldPage?: number;
  /**
   * Called after each chunk has committed. What it throws stops the purge there: what was committed stays, and the
   * next run goes on from it (the tests stop it so, as a crash would).
   */
  afterChunk?: (chunk: ChunkDone) => void | Promise<void>;
}

/**
 * Runs one chunk: `work` in its own transaction, then the caller's `afterChunk`, then a turn of the event loop, so a
 * batch waiting for SQLite's one connection takes it before the next chunk does.
 */
export async function chunk<T>(
  db: Kysely<Database>,
  step: string,
  o: ChunkOptions,
  work: (trx: Kysely<Database>) => Promise<{ value: T; rows: number }>,
): Promise<T> {
  const started = performance.now();
  const done = await db.transaction().execute(work);
  await o.afterChunk?.({ step, rows: done.rows, ms: performance.now() - started });
  await nextTurn();
  return done.value;
}

/** A table the purge empties by age: its time column and the key that names a row. */
export interface AgedTable {
  /** Its PurgeCounts name. */
  step: string;
  table: "raw_envelopes" | "status_changes" | "integrity_events" | "enrolments" | "request_nonces";
  column: string;
  key: readonly string[];
}

/**
 * Deletes the rows of `t` older than `cutoff` (its time column `<` cutoff), CHUNK_ROWS at a time, each chunk one
 * statement in its own transaction. Idempotent: a stop between chunks leaves only older rows for the next run.
 */
export async function deleteBefore(
  db: Kysely<Database>,
  t: AgedTable,
  cutoff: string,
  o: ChunkOptions,
): Promise<number> {
  const size = o.chunkRows ?? CHUNK_ROWS;
  const key = sql.join(t.key.map((k) => sql.ref(k)));
  const table = sql.table(t.table);
  let total = 0;
  for (;;) {
    const n = await chunk(db, t.step, o, async (trx) => {
      const r = await sql`delete from ${table} where (${key}) in (
        select ${key} from ${table} where ${sql.ref(t.column)} < ${cutoff} limit ${size})`.execute(trx);
      const rows = Number(r.numAffectedRows ?? 0);
      return { value: rows, rows };
    });
    total += n;
    // Fewer than a chunk may also mean another instance's purge deleted the rows this one picked (PostgreSQL: the
    // statement waited for its commit, then found them gone): done only when nothing older is left, so the fold that
    // follows never runs ahead of the raw envelopes' delete.
    if (n < size && !(await anyBefore(db, t, cutoff))) return total;
  }
}

async function anyBefore(db: Kysely<Database>, t: AgedTable, cutoff: string): Promise<boolean> {
  const r =
    await sql`select 1 as one from ${sql.table(t.table)} where ${sql.ref(t.column)} < ${cutoff} limit 1`.execute(db);
  return r.rows.length > 0;
}
