// Integrity events (gap, fork, spool-drop, re-enrol, heartbeat-mismatch) for the dashboard and alerts.
import type { Kysely, Selectable } from "kysely";
import type { Database, IntegrityEventsTable } from "../db/schema.js";

export type IntegrityEventRow = Selectable<IntegrityEventsTable>;

export async function insertIntegrityEvent(q: Kysely<Database>, row: IntegrityEventRow): Promise<void> {
  await q.insertInto("integrity_events").values(row).execute();
}

export async function integrityEvents(q: Kysely<Database>, deviceId?: string): Promise<IntegrityEventRow[]> {
  let query = q.selectFrom("integrity_events").selectAll().orderBy("created_at");
  if (deviceId) query = query.where("device_id", "=", deviceId);
  return query.execute();
}

export async function countOpenIntegrityEvents(q: Kysely<Database>): Promise<number> {
  const row = await q
    .selectFrom("integrity_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("acknowledged_at", "is", null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
