// Re-enrolment requests: a new key for known hardware, waiting for a provider admin (approved or refused once).
import type { Kysely, Selectable } from "kysely";
import type { Database, ReenrolRequestsTable } from "../db/schema.js";

export type ReenrolRequestRow = Selectable<ReenrolRequestsTable>;

export async function insertReenrolRequest(q: Kysely<Database>, row: ReenrolRequestRow): Promise<void> {
  await q.insertInto("reenrol_requests").values(row).execute();
}

export async function findPendingRequest(
  q: Kysely<Database>,
  deviceId: string,
  keyId: string,
): Promise<ReenrolRequestRow | undefined> {
  return q
    .selectFrom("reenrol_requests")
    .selectAll()
    .where("device_id", "=", deviceId)
    .where("key_id", "=", keyId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

export async function findReenrolRequest(q: Kysely<Database>, id: string): Promise<ReenrolRequestRow | undefined> {
  return q.selectFrom("reenrol_requests").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Pending requests, oldest first, with the device's name and council (for the provider's overview). */
export async function listPendingRequests(q: Kysely<Database>) {
  return q
    .selectFrom("reenrol_requests as r")
    .innerJoin("devices as d", "d.id", "r.device_id")
    .innerJoin("councils as c", "c.id", "r.council_id")
    .select([
      "r.id",
      "r.device_id",
      "r.key_id",
      "r.request_json",
      "r.requested_at",
      "d.hostname",
      "d.key_id as current_key_id",
      "c.name as council_name",
    ])
    .where("r.status", "=", "pending")
    .orderBy("r.requested_at")
    .limit(200)
    .execute();
}

/** Decides a pending request once: false when it was already decided (two admins at once). */
export async function decideRequest(
  q: Kysely<Database>,
  id: string,
  status: "approved" | "refused",
  by: string,
  at: string,
): Promise<boolean> {
  const res = await q
    .updateTable("reenrol_requests")
    .set({ status, decided_by: by, decided_at: at })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Devices whose key was replaced since `since`, per council (the overview's mark). */
export async function keysReplacedSince(q: Kysely<Database>, since: string, councilId: string | null) {
  let rows = q
    .selectFrom("devices")
    .select(["id", "council_id", "hostname", "key_replaced_at"])
    .where("key_replaced_at", "is not", null)
    .where("key_replaced_at", ">=", since)
    .orderBy("key_replaced_at", "desc")
    .limit(200);
  if (councilId) rows = rows.where("council_id", "=", councilId);
  return rows.execute();
}

/**
 * Every other pending request of a device is superseded once its key is replaced (approved, or a device token): a
 * request made before the replacement must never be approvable later and swap the legitimate new key out.
 */
export async function supersedePendingRequests(
  q: Kysely<Database>,
  deviceId: string,
  keepId: string | null,
  at: string,
): Promise<void> {
  let query = q
    .updateTable("reenrol_requests")
    .set({ status: "superseded", decided_by: "(the device's key was replaced)", decided_at: at })
    .where("device_id", "=", deviceId)
    .where("status", "=", "pending");
  if (keepId) query = query.where("id", "!=", keepId);
  await query.execute();
}
