// Login throttling in the database (shared by every instance): 5 failures per account, 20 per address, then a lockout.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";

export const ACCOUNT_LIMIT = 5;
export const IP_LIMIT = 20;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export function throttleKeys(email: string, ip: string): { key: string; limit: number }[] {
  return [
    { key: `account:${email.trim().toLowerCase()}`, limit: ACCOUNT_LIMIT },
    { key: `ip:${ip}`, limit: IP_LIMIT },
  ];
}

/** When the soonest lock on any of these keys ends, or null when none is locked. */
export async function lockedUntil(q: Kysely<Database>, keys: string[], now: Date): Promise<Date | null> {
  const rows = await q.selectFrom("login_throttle").select("locked_until").where("key", "in", keys).execute();
  const until = rows.flatMap((r) => (r.locked_until && Date.parse(r.locked_until) > now.getTime() ? [Date.parse(r.locked_until)] : []));
  return until.length ? new Date(Math.max(...until)) : null;
}

/** Counts a failure; locks the key once it reaches its limit inside the window. */
export async function recordFailure(q: Kysely<Database>, key: string, limit: number, now: Date): Promise<void> {
  await q.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("login_throttle").selectAll().where("key", "=", key).executeTakeFirst();
    const fresh = !row || Date.parse(row.window_start) + WINDOW_MS <= now.getTime();
    const failures = fresh ? 1 : row.failures + 1;
    const windowStart = fresh ? now.toISOString() : row.window_start;
    const locked = failures >= limit ? new Date(now.getTime() + LOCK_MS).toISOString() : (row?.locked_until ?? null);
    await trx
      .insertInto("login_throttle")
      .values({ key, failures, window_start: windowStart, locked_until: locked })
      .onConflict((oc) => oc.column("key").doUpdateSet({ failures, window_start: windowStart, locked_until: locked }))
      .execute();
  });
}

export async function clearFailures(q: Kysely<Database>, key: string): Promise<void> {
  await q.deleteFrom("login_throttle").where("key", "=", key).execute();
}
