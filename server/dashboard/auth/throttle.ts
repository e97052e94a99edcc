// Login throttling (in the database, so shared by every instance): 5 attempts per account, 20 per address, then a lock.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { countAttempt, lockKeyAtLimit, throttleLocks, uncountAttempt } from "./throttle-store.js";

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
  const until = (await throttleLocks(q, keys)).flatMap((l) =>
    l && Date.parse(l) > now.getTime() ? [Date.parse(l)] : [],
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
    const row = await countAttempt(q, k.key, at, cutoff);
    const until = row.lockedUntil ? Date.parse(row.lockedUntil) : Number.NaN;
    if (until > now.getTime()) locked = Math.max(locked ?? 0, until);
    if (row.failures > k.limit) over = true;
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
  for (const k of keys) await lockKeyAtLimit(q, k.key, k.limit, until, now.toISOString());
}

/** A check that succeeded gives its reserved attempt back (only failures count towards the lock). */
export async function releaseAttempt(q: Kysely<Database>, keys: readonly ThrottleKey[]): Promise<void> {
  for (const k of keys) await uncountAttempt(q, k.key);
}
