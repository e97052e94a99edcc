// Dashboard accounts: create, find, list, update; roles and the council a council role is bound to.
import type { Kysely, Selectable, Updateable } from "kysely";
import type { Database } from "../../db/schema.js";
import type { DashboardUsersTable } from "../tables.js";

export type UserRow = Selectable<DashboardUsersTable>;

export async function insertUser(q: Kysely<Database>, row: UserRow): Promise<void> {
  await q.insertInto("dashboard_users").values(row).execute();
}

export async function findUserByEmail(q: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return q.selectFrom("dashboard_users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

export async function findUserById(q: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return q.selectFrom("dashboard_users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listUsers(q: Kysely<Database>, councilId?: string): Promise<UserRow[]> {
  let query = q.selectFrom("dashboard_users").selectAll().orderBy("email");
  if (councilId) query = query.where("council_id", "=", councilId);
  return query.execute();
}

export async function updateUser(q: Kysely<Database>, id: string, set: Updateable<DashboardUsersTable>): Promise<void> {
  await q.updateTable("dashboard_users").set(set).where("id", "=", id).execute();
}

/** Accepts a TOTP step only if it is newer than the last one accepted (atomic: two racing logins cannot both use it). */
export async function claimTotpStep(q: Kysely<Database>, id: string, step: number): Promise<boolean> {
  const r = await q
    .updateTable("dashboard_users")
    .set({ totp_last_step: step })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("totp_last_step", "is", null), eb("totp_last_step", "<", step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
