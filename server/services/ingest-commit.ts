// The ingest's transactions: on SQLite, batches that arrive together share one commit (group commit); on PostgreSQL,
// one transaction per batch, run again whole if the one-acceptance-per-seq index fired.
import type { Kysely } from "kysely";
import type { Db } from "../db/connect.js";
import { isUniqueViolation } from "../db/errors.js";
import { bindRawSqlite, runStatement, unbindRawSqlite } from "../db/raw-sqlite.js";
import type { Database } from "../db/schema.js";
import type { BatchMemo } from "./report-hooks.js";

/** Stores one batch inside `trx`; `memo` lives as long as the transaction (see BatchMemo). */
export type BatchWork = (trx: Kysely<Database>, memo: BatchMemo) => Promise<void>;

/** Most batches one SQLite commit carries (at 50 envelopes each, a few thousand envelopes). */
const MAX_GROUP = 32;

interface Job {
  work: BatchWork;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Queue {
  jobs: Job[];
  running: boolean;
}

const queues = new WeakMap<Db, Queue>();

/**
 * Runs `work` in a transaction and resolves only once that transaction has committed: the caller acknowledges its
 * envelopes after this, so an acknowledged envelope is durable (synchronous=FULL: the commit fsyncs the WAL).
 *
 * SQLite has one writer and a commit costs an fsync, during which this thread can do nothing else. Batches that
 * arrive while a transaction is open wait, then go together in the next one, each inside its own savepoint: a batch
 * that fails rolls back alone and only its request fails; one that succeeds is answered after the shared commit (a
 * failed commit fails them all, and none of them was acknowledged). Same durability, one fsync for many requests.
 */
export function storeInTransaction(db: Db, work: BatchWork): Promise<void> {
  if (db.dialect === "postgres") return storeAlone(db, work);
  let queue = queues.get(db);
  if (!queue) {
    queue = { jobs: [], running: false };
    queues.set(db, queue);
  }
  const q = queue;
  return new Promise<void>((resolve, reject) => {
    q.jobs.push({ work, resolve, reject });
    if (!q.running) {
      q.running = true;
      // After this turn's other arrivals (answers from the verify workers come in together): they join the group.
      setImmediate(() => void drain(db, q));
    }
  });
}

async function drain(db: Db, q: Queue): Promise<void> {
  try {
    while (q.jobs.length > 0) await runGroup(db, q.jobs.splice(0, MAX_GROUP));
  } finally {
    q.running = false;
  }
}

async function runGroup(db: Db, group: Job[]): Promise<void> {
  const pending = new Set(group);
  const fail = (job: Job, err: unknown) => {
    pending.delete(job);
    job.reject(err);
  };
  let trx: Awaited<ReturnType<ReturnType<Kysely<Database>["startTransaction"]>["execute"]>>;
  try {
    trx = await db.kysely.startTransaction().execute();
  } catch (err) {
    for (const job of group) fail(job, err);
    return;
  }
  if (db.sqlite) bindRawSqlite(trx, db.sqlite);
  const memo: BatchMemo = new Map();
  const isolated = group.length > 1;
  try {
    for (const job of group) {
      if (!isolated) {
        await job.work(trx, memo);
        continue;
      }
      await runStatement(trx, "savepoint ward_batch");
      try {
        await job.work(trx, memo);
        await runStatement(trx, "release savepoint ward_batch");
      } catch (err) {
        await runStatement(trx, "rollback to savepoint ward_batch");
        await runStatement(trx, "release savepoint ward_batch");
        // What the hooks kept may describe rows that were just rolled back.
        memo.clear();
        fail(job, err);
      }
    }
    await trx.commit().execute();
  } catch (err) {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
    for (const job of [...pending]) fail(job, err);
    return;
  } finally {
    unbindRawSqlite(trx);
  }
  for (const job of pending) job.resolve();
}

/**
 * PostgreSQL: the batch is one transaction. The device row is locked first (FOR UPDATE), so a second instance
 * ingesting for the same device waits; if the unique index that allows one acceptance per seq ever fires anyway (a
 * writer that raced past the row lock), the whole batch is rolled back and run again against what is now stored.
 */
async function storeAlone(db: Db, work: BatchWork): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const trx = await db.kysely.startTransaction().execute();
    try {
      await work(trx, new Map());
      await trx.commit().execute();
      return;
    } catch (err) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      if (attempt < 3 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}
