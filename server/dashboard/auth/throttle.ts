// Login throttling in the database (shared by every instance): 5 attempts per account, 20 per address, then a lockout.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.js";

export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export interface ThrottleKey {
  key: string;
  limit: number;
}

export function throttleKeys(email: string, ip: string): ThrottleKey[] {
  return [
    { key: `account:${email.trim().toLowerCase()}`, limit: ACCOUNT_LIMIT },
    { key: `ip:${ip}`, limit: IP_LIMIT },
  ];
}

/** When the soonest lock on any of these keys ends, or null when none is locked. */
export async function lockedUntil(q: Kysely<Database>, keys: string[], now: Date): Promise<Date | null> {
  const rows = await q.selectFrom("login_throttle").select("locked_until").where("key", "in", keys).execute();
  const until = rows.flatMap((r) =>
    r.locked_until && Date.parse(r.locked_until) > now.getTime() ? [Date.parse(r.locked_until)] : [],
  );
  return until.length ? new Date(Math.max(...until)) : null;
}

/**
 * Counts an attempt before its password or code is checked, in one atomic statement per key (an upsert that adds
 * one and returns the new count), so a burst of parallel requests cannot all pass the check before the first
 * failure is written. Returns null when the attempt may go ahead, else when the lock ends (the keys are locked).
 * A window or lock that has run out starts the count again.
 */
export async function reserveAttempt(
  q: Kysely<Database>,
  keys: readonly ThrottleKey[],
  now: Date,
): Promise<Date | null> {
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - WINDOW_MS).toISOString();
  let over = false;
  let locked: number | null = null;
  for (const k of keys) {
    const stale = sql<boolean>`(login_throttle.window_start <= ${cutoff} or (login_throttle.locked_until is not null and login_throttle.locked_until <= ${at}))`;
    const row = await q
      .insertInto("login_throttle")
      .values({ key: k.key, failures: 1, window_start: at, locked_until: null })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          failures: sql<number>`case when ${stale} then 1 else login_throttle.failures + 1 end`,
          window_start: sql<string>`case when ${stale} then ${at} else login_throttle.window_start end`,
          locked_until: sql<string | null>`case when ${stale} then null else login_throttle.locked_until end`,
        }),
      )
      .returning(["failures", "locked_until"])
      .executeTakeFirstOrThrow();
    const until = row.locked_until ? Date.parse(row.locked_until) : Number.NaN;
    if (until > now.getTime()) locked = Math.max(locked ?? 0, until);
    if (Number(row.failures) > k.limit) over = true;
  }
  if (locked !== null) return new Date(locked);
  if (!over) return null;
  await lockFull(q, keys, now);
  return (
    (await lockedUntil(
      q,
      keys.map((k) => k.key),
      now,
    )) ?? new Date(now.getTime() + LOCK_MS)
  );
}

/** After a failed check: every key whose count has reached its limit is locked for LOCK_MS. */
export async function lockFull(q: Kysely<Database>, keys: readonly ThrottleKey[], now: Date): Promise<void> {
  const until = new Date(now.getTime() + LOCK_MS).toISOString();
  for (const k of keys) {
    await q
      .updateTable("login_throttle")
      .set({ locked_until: until })
      .where("key", "=", k.key)
      .where("failures", ">=", k.limit)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now.toISOString())]))
      .execute();
  }
}

/** A check that succeeded gives its reserved attempt back (only failures count towards the lock). */
export async function releaseAttempt(q: Kysely<Database>, keys: readonly ThrottleKey[]): Promise<void> {
  for (const k of keys) {
    await q
      .updateTable("login_throttle")
      .set({ failures: sql<number>`failures - 1` })
      .where("key", "=", k.key)
      .where("failures", ">", 0)
      .execute();
  }
}

export async function clearFailures(q: Kysely<Database>, key: string): Promise<void> {
  await q.deleteFrom("login_throttle").where("key", "=", key).execute();
}
