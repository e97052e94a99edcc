// Enrolment tokens: only their hashes are stored; use counting happens in the enrolment transaction.
import type { Kysely, Selectable } from "kysely";
import type { Database, EnrolTokensTable } from "../db/schema.js";

export type TokenRow = Selectable<EnrolTokensTable>;

export async function insertToken(q: Kysely<Database>, row: TokenRow): Promise<void> {
  await q.insertInto("enrol_tokens").values(row).execute();
}

export async function findTokenByHash(q: Kysely<Database>, tokenHash: string): Promise<TokenRow | undefined> {
  return q.selectFrom("enrol_tokens").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

/** Counts one use if the token is still usable at `now`; false when another request took the last use first. */
export async function consumeTokenUse(q: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await q
    .updateTable("enrol_tokens")
    .set((eb) => ({ uses: eb("uses", "+", 1) }))
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .where((eb) => eb("uses", "<", eb.ref("max_uses")))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function revokeToken(q: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const result = await q
    .updateTable("enrol_tokens")
    .set({ revoked_at: now })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listTokens(q: Kysely<Database>, councilId?: string): Promise<TokenRow[]> {
  let query = q.selectFrom("enrol_tokens").selectAll().orderBy("created_at");
  if (councilId) query = query.where("council_id", "=", councilId);
  return query.execute();
}
