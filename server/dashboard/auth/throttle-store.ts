// The login_throttle table: per key (account or address), failures in the current window and the lock's end.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.js";

/** The lock ends stored for these keys (null where a key is not locked). */
export async function throttleLocks(q: Kysely<Database>, keys: string[]): Promise<(string | null)[]> {
  const rows = await q.selectFrom("login_throttle").select("locked_until").where("key", "in", keys).execute();
  return rows.map((r) => r.locked_until);
}

/**
 * Adds one attempt to a key in one atomic statement (an upsert that returns the new count), so parallel requests
 * cannot all read the old count. A window that began at or before `cutoff`, or a lock that has ended by `at`,
 * starts the count again at one.
 */
export async function countAttempt(
  q: Kysely<Database>,
  key: string,
  at: string,
  cutoff: string,
): Promise<{ failures: number; lockedUntil: string | null }> {
  const stale = sql<boolean>`(login_throttle.window_start <= ${cutoff} or (login_throttle.locked_until is not null and login_throttle.locked_until <= ${at}))`;
  const row = await q
    .insertInto("login_throttle")
    .values({ key, failures: 1, window_start: at, locked_until: null })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql<number>`case when ${stale} then 1 else login_throttle.failures + 1 end`,
        window_start: sql<string>`case when ${stale} then ${at} else login_throttle.window_start end`,
        locked_until: sql<string | null>`case when ${stale} then null else login_throttle.locked_until end`,
      }),
    )
    .returning(["failures", "locked_until"])
    .executeTakeFirstOrThrow();
  return { failures: Number(row.failures), lockedUntil: row.locked_until };
}

/** Locks the key until `until` when its count has reached `limit` and it is not locked already (as of `now`). */
export async function lockKeyAtLimit(
  q: Kysely<Database>,
  key: string,
  limit: number,
  until: string,
  now: string,
): Promise<void> {
  await q
    .updateTable("login_throttle")
    .set({ locked_until: until })
    .where("key", "=", key)
    .where("failures", ">=", limit)
    .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
    .execute();
}

/** Takes one attempt off a key's count (never below zero). */
export async function uncountAttempt(q: Kysely<Database>, key: string): Promise<void> {
  await q
    .updateTable("login_throttle")
    .set({ failures: sql<number>`failures - 1` })
    .where("key", "=", key)
    .where("failures", ">", 0)
    .execute();
}

export async function clearFailures(q: Kysely<Database>, key: string): Promise<void> {
  await q.deleteFrom("login_throttle").where("key", "=", key).execute();
}
