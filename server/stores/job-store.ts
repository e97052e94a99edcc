// Scheduled jobs take turns through the database: whoever holds a job's row lock runs it, others skip.
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

export async function lastJobRun(db: Kysely<Database>, name: string): Promise<string | null | undefined> {
  const row = await db.selectFrom("job_runs").select("last_run_at").where("name", "=", name).executeTakeFirst();
  return row?.last_run_at;
}
