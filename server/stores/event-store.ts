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

/** A device's gap and spool-drop events: what decides whether a gap is explained by reports the agent dropped. */
export async function gapAndDropEvents(
  q: Kysely<Database>,
  deviceId: string,
): Promise<Pick<IntegrityEventRow, "id" | "kind" | "detail_json">[]> {
  return q
    .selectFrom("integrity_events")
    .select(["id", "kind", "detail_json"])
    .where("device_id", "=", deviceId)
    .where("kind", "in", ["gap", "spool-drop"])
    .execute();
}

export async function setIntegrityEventDetail(
  q: Kysely<Database>,
  id: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await q
    .updateTable("integrity_events")
    .set({ detail_json: JSON.stringify(detail) })
    .where("id", "=", id)
    .execute();
}

export async function findIntegrityEvent(q: Kysely<Database>, id: string): Promise<IntegrityEventRow | undefined> {
  return q.selectFrom("integrity_events").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The events of these devices no person has acknowledged yet. */
export async function openIntegrityEventsOf(q: Kysely<Database>, deviceIds: readonly string[]) {
  return q
    .selectFrom("integrity_events")
    .select(["id", "device_id", "council_id", "kind"])
    .where("device_id", "in", deviceIds)
    .where("acknowledged_at", "is", null)
    .execute();
}

/** Marks an event seen by a person; an event already acknowledged keeps its first time. */
export async function acknowledgeIntegrityEvent(q: Kysely<Database>, id: string, at: Date): Promise<void> {
  await q
    .updateTable("integrity_events")
    .set({ acknowledged_at: at.toISOString() })
    .where("id", "=", id)
    .where("acknowledged_at", "is", null)
    .execute();
}
