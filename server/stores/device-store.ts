// Devices: identity, registered key, inventory, and the chain position the ingest locks and advances.
import type { Kysely, Selectable, Updateable } from "kysely";
import type { DialectName } from "../db/connect.js";
import { rawStatement } from "../db/raw-sqlite.js";
import type { Database, DevicesTable, EnrolmentsTable } from "../db/schema.js";
import { searchKey } from "./search-key.js";

export type DeviceRow = Selectable<DevicesTable>;

export async function findDevice(q: Kysely<Database>, id: string): Promise<DeviceRow | undefined> {
  return q.selectFrom("devices").selectAll().where("id", "=", id).executeTakeFirst();
}

/**
 * Reads a device inside a transaction and, on PostgreSQL, locks its row until commit: two collector instances
 * ingesting for the same device take turns. SQLite has one writer at a time, so the transaction is enough there.
 * FOR NO KEY UPDATE (the lock an UPDATE of the row takes): writes of rows that point at the device (waivers,
 * alerts) need only a key-share lock and go on; any UPDATE of the row (re-enrolment, an approved new key) still waits.
 */
export async function lockDevice(
  q: Kysely<Database>,
  dialect: DialectName,
  id: string,
): Promise<DeviceRow | undefined> {
  return q
    .selectFrom("devices")
    .selectAll()
    .where("id", "=", id)
    .$if(dialect === "postgres", (qb) => qb.forNoKeyUpdate())
    .executeTakeFirst();
}

/** The device enrolled with this key (a cloned disk image shares its key), if any. */
export async function findDeviceIdByKey(q: Kysely<Database>, keyId: string): Promise<{ id: string } | undefined> {
  return q.selectFrom("devices").select("id").where("key_id", "=", keyId).executeTakeFirst();
}

/** The device of this council with this hardware serial, if one was enrolled before. */
export async function findDeviceByHardware(
  q: Kysely<Database>,
  dialect: DialectName,
  councilId: string,
  serial: string,
  manufacturer: string,
): Promise<DeviceRow | undefined> {
  return q
    .selectFrom("devices")
    .selectAll()
    .where("council_id", "=", councilId)
    .where("serial", "=", serial)
    .where("manufacturer", "=", manufacturer)
    .orderBy("enrolled_at", "desc")
    .$if(dialect === "postgres", (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** A new device, with the search key of its hostname. */
export async function insertDevice(q: Kysely<Database>, row: Omit<DeviceRow, "hostname_key">): Promise<void> {
  await q
    .insertInto("devices")
    .values({ ...row, hostname_key: searchKey(row.hostname) })
    .execute();
}

/** Changes a device's columns; a new hostname brings its search key with it. */
export async function updateDevice(q: Kysely<Database>, id: string, changes: Updateable<DevicesTable>): Promise<void> {
  const set = changes.hostname === undefined ? changes : { ...changes, hostname_key: searchKey(changes.hostname) };
  const columns = Object.keys(set).filter((c) => c !== "id" && set[c as keyof typeof set] !== undefined);
  if (columns.length === 0) return;
  // The ingest's transaction on SQLite: one statement per column set (a handful), prepared once.
  const raw = rawStatement(
    q,
    `update "devices" set ${columns.map((c) => `"${c}" = @${c}`).join(", ")} where "id" = @id`,
  );
  if (raw) {
    raw.run({ ...set, id });
    return;
  }
  await q.updateTable("devices").set(set).where("id", "=", id).execute();
}

export async function insertEnrolment(q: Kysely<Database>, row: Selectable<EnrolmentsTable>): Promise<void> {
  await q.insertInto("enrolments").values(row).execute();
}

export async function listDevices(q: Kysely<Database>, councilId?: string): Promise<DeviceRow[]> {
  let query = q.selectFrom("devices").selectAll().orderBy("enrolled_at");
  if (councilId) query = query.where("council_id", "=", councilId);
  return query.execute();
}

/** The devices these ids name (those that exist), with their council: for a bulk action's checks. */
export async function findDevicesByIds(
  q: Kysely<Database>,
  ids: readonly string[],
): Promise<{ id: string; council_id: string; hostname: string }[]> {
  return q.selectFrom("devices").select(["id", "council_id", "hostname"]).where("id", "in", ids).execute();
}
