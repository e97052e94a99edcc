// Councils (tenants) and the policy each one sends its devices.
import type { Kysely, Selectable } from "kysely";
import type { CouncilsTable, Database } from "../db/schema.js";
import { searchKey } from "./search-key.js";

export type CouncilRow = Selectable<CouncilsTable>;

/** A new council, with the search key of its name. */
export async function insertCouncil(q: Kysely<Database>, row: Omit<CouncilRow, "name_key">): Promise<void> {
  await q
    .insertInto("councils")
    .values({ ...row, name_key: searchKey(row.name) })
    .execute();
}

/** For the CLI (an operator types an id or a name): an id match wins over a council that happens to bear that name. */
export async function findCouncil(q: Kysely<Database>, idOrName: string): Promise<CouncilRow | undefined> {
  return (
    (await findCouncilById(q, idOrName)) ??
    q.selectFrom("councils").selectAll().where("name", "=", idOrName).executeTakeFirst()
  );
}

/** Dashboard and API paths: by id only, never by name (a council could be named after another's id). */
export async function findCouncilById(q: Kysely<Database>, id: string): Promise<CouncilRow | undefined> {
  return q.selectFrom("councils").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listCouncils(q: Kysely<Database>): Promise<CouncilRow[]> {
  return q.selectFrom("councils").selectAll().orderBy("name").execute();
}

/** Ids and names of the first `limit` councils by name (a pick-list; ask for one more to tell it was cut). */
export async function councilNames(q: Kysely<Database>, limit: number): Promise<{ id: string; name: string }[]> {
  return q.selectFrom("councils").select(["id", "name"]).orderBy("name").limit(limit).execute();
}

export async function setCouncilPolicy(q: Kysely<Database>, id: string, policyJson: string): Promise<void> {
  await q.updateTable("councils").set({ policy_json: policyJson }).where("id", "=", id).execute();
}

/** Compare-and-swap: replaces the policy only if it is still `expectedJson`; false when someone changed it first. */
export async function swapCouncilPolicy(
  q: Kysely<Database>,
  id: string,
  expectedJson: string,
  policyJson: string,
): Promise<boolean> {
  const res = await q
    .updateTable("councils")
    .set({ policy_json: policyJson })
    .where("id", "=", id)
    .where("policy_json", "=", expectedJson)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
