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

/**
 * A group waits for batches still being verified (announced by expectBatch) until this many are queued, or for at
 * most LINGER_MS: each commit blocks this thread for its fsync (1 ms on a quiet disk, 20 ms measured when other work
 * shared it), so fewer, larger groups leave it more time for requests. The main thread is free meanwhile.
 */
const GROUP_TARGET = 8;
const LINGER_MS = 2;

interface Job {
  work: BatchWork;
  resolve: () => void;
  reject: (err: unknown) => void;
}

interface Queue {
  jobs: Job[];
  running: boolean;
  /** Batches announced and not yet queued (being verified). */
  coming: number;
  /** Ends the wait for them (LINGER_MS after a job began waiting). */
  linger: NodeJS.Timeout | undefined;
}

const queues = new WeakMap<Db, Queue>();

function queueOf(db: Db): Queue {
  let queue = queues.get(db);
  if (!queue) {
    queue = { jobs: [], running: false, coming: 0, linger: undefined };
    queues.set(db, queue);
  }
  return queue;
}

/**
 * Announces a batch that will reach storeInTransaction once verified; the answer says it has (or has failed before):
 * call it once, from a finally (a second call does nothing). A no-op on PostgreSQL.
 */
export function expectBatch(db: Db): () => void {
  if (db.dialect === "postgres") return () => {};
  const q = queueOf(db);
  q.coming++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    q.coming--;
    schedule(db, q);
  };
}

/** Starts the next group now, or once the batches being verified have joined it (at most LINGER_MS later). */
function schedule(db: Db, q: Queue, lingered = false): void {
  if (q.running || q.jobs.length === 0) return;
  if (!lingered && q.coming > 0 && q.jobs.length < GROUP_TARGET) {
    q.linger ??= setTimeout(() => {
      q.linger = undefined;
      schedule(db, q, true);
    }, LINGER_MS);
    return;
  }
  if (q.linger) clearTimeout(q.linger);
  q.linger = undefined;
  q.running = true;
  // After this turn's other arrivals (answers from the verify workers come in together): they join the group.
  setImmediate(() => void drain(db, q));
}

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
  const q = queueOf(db);
  return new Promise<void>((resolve, reject) => {
    q.jobs.push({ work, resolve, reject });
    schedule(db, q);
  });
}

async function drain(db: Db, q: Queue): Promise<void> {
  try {
    while (q.jobs.length > 0) await runGroup(db, q.jobs.splice(0, MAX_GROUP));
  } finally {
    q.running = false;
    // Jobs queued by a group's own work (none today) would otherwise wait for the next arrival.
    schedule(db, q);
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
