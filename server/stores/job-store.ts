// Scheduled jobs take turns through the database: whoever holds (or has claimed) a job's row runs it, others skip.
import type { Kysely, Transaction } from "kysely";
import type { DialectName } from "../db/connect.js";
import type { Database } from "../db/schema.js";

/**
 * Claims `name` when its last run is older than `dueBefore`, inside `work`'s transaction. On PostgreSQL the row is
 * locked FOR UPDATE SKIP LOCKED, so while one instance runs the job another skips it instead of waiting; the updated
 * last_run_at then tells the others it is done. SQLite runs one writer at a time, so its transaction is the lock.
 * Returns undefined when the job was not due or another instance held it.
 */
export async function runIfDue<T>(
  db: Kysely<Database>,
  dialect: DialectName,
  name: string,
  now: Date,
  dueBefore: Date,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<{ result: T } | undefined> {
  await db
    .insertInto("job_runs")
    .values({ name, last_run_at: null, last_result: null })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("job_runs")
      .selectAll()
      .where("name", "=", name)
      .$if(dialect === "postgres", (qb) => qb.forUpdate().skipLocked())
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.last_run_at !== null && row.last_run_at > dueBefore.toISOString()) return undefined;
    const result = await work(trx);
    await trx
      .updateTable("job_runs")
      .set({ last_run_at: now.toISOString(), last_result: JSON.stringify(result) })
      .where("name", "=", name)
      .execute();
    return { result };
  });
}

/** A claim not finished after this long is taken again: the instance that made it stopped (a crash, a restart). */
export const CLAIM_LEASE_MS = 60 * 60_000;
/** last_result while a claimed run works (its own transactions, outside the claim's). */
const UNFINISHED = JSON.stringify("unfinished");

export interface JobClaim {
  name: string;
  /** last_run_at as this claim wrote it (renewJob moves it on). */
  at: string;
  /**
   * last_run_at before this claim: put back if the run fails, so the next check runs it again. Null when the claim
   * took over an unfinished one (its time is only when the crashed run began: put back, the job would look done).
   */
  previous: string | null;
}

/**
 * Claims `name` for a run that works in many transactions of its own (the retention purge): when its last run is older
 * than `dueBefore`, or a claim was left unfinished for CLAIM_LEASE_MS, last_run_at becomes `now` in one short
 * transaction (PostgreSQL: FOR UPDATE SKIP LOCKED, so two instances never both claim it). Then finishJob or
 * releaseJob. Undefined when it is not due or another instance holds it.
 */
export async function claimJob(
  db: Kysely<Database>,
  dialect: DialectName,
  name: string,
  now: Date,
  dueBefore: Date,
): Promise<JobClaim | undefined> {
  await db
    .insertInto("job_runs")
    .values({ name, last_run_at: null, last_result: null })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("job_runs")
      .selectAll()
      .where("name", "=", name)
      .$if(dialect === "postgres", (qb) => qb.forUpdate().skipLocked())
      .executeTakeFirst();
    if (!row) return undefined;
    const last = row.last_run_at;
    const due =
      last === null ||
      last <= dueBefore.toISOString() ||
      (row.last_result === UNFINISHED && last <= new Date(now.getTime() - CLAIM_LEASE_MS).toISOString());
    if (!due) return undefined;
    await trx
      .updateTable("job_runs")
      .set({ last_run_at: at, last_result: UNFINISHED })
      .where("name", "=", name)
      .execute();
    return { name, at, previous: row.last_result === UNFINISHED ? null : last };
  });
}

/** Updates the job's row only while `claim` is still the one on it; false when another instance took it over. */
async function whileClaimed(
  db: Kysely<Database>,
  claim: JobClaim,
  set: { last_run_at?: string | null; last_result?: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable("job_runs")
    .set(set)
    .where("name", "=", claim.name)
    .where("last_run_at", "=", claim.at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records a claimed run's result; false when another instance took the claim over meanwhile (its run records one). */
export function finishJob(db: Kysely<Database>, claim: JobClaim, result: unknown): Promise<boolean> {
  return whileClaimed(db, claim, { last_result: JSON.stringify(result) });
}

/**
 * Renews a claim while its run works (a long first purge could outlast CLAIM_LEASE_MS): last_run_at becomes `now`,
 * only while the claim is still this one. False when another instance took it over: the run should stop there.
 */
export async function renewJob(db: Kysely<Database>, claim: JobClaim, now: Date): Promise<boolean> {
  // A clock that went back keeps the claim's time (the lease is never shortened), but the claim is still checked.
  let at = now.toISOString();
  if (at < claim.at) at = claim.at;
  if (!(await whileClaimed(db, claim, { last_run_at: at }))) return false;
  claim.at = at;
  return true;
}

/** Gives a failed run's claim back: the job is due again at the next check, and goes on from what it committed. */
export async function releaseJob(db: Kysely<Database>, claim: JobClaim): Promise<void> {
  await whileClaimed(db, claim, { last_run_at: claim.previous, last_result: null });
}

export async function lastJobRun(db: Kysely<Database>, name: string): Promise<string | null | undefined> {
  const row = await db.selectFrom("job_runs").select("last_run_at").where("name", "=", name).executeTakeFirst();
  return row?.last_run_at;
}
