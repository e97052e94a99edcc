// Key/value settings shared by every collector instance (the collector's signing key lives here).
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";

export async function getSetting(q: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await q.selectFrom("settings").select("value").where("key", "=", key).executeTakeFirst();
  return row?.value;
}

/** Inserts the value unless the key already has one; returns the value now stored (first writer wins). */
export async function putSettingIfAbsent(q: Kysely<Database>, key: string, value: string, at: Date): Promise<string> {
  await q
    .insertInto("settings")
    .values({ key, value, updated_at: at.toISOString() })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const stored = await getSetting(q, key);
  if (stored === undefined) throw new Error(`setting ${key} vanished after insert`);
  return stored;
}
