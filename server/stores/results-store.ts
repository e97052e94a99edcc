// Current state per device and control, and the history of status changes with their facts.
import type { Kysely, Selectable } from "kysely";
import type { CurrentResultsTable, Database, StatusChangesTable } from "../db/schema.js";

export type CurrentResultRow = Selectable<CurrentResultsTable>;
export type StatusChangeRow = Selectable<StatusChangesTable>;

export async function currentResults(q: Kysely<Database>, deviceId: string): Promise<CurrentResultRow[]> {
  return q.selectFrom("current_results").selectAll().where("device_id", "=", deviceId).orderBy("control").execute();
}

export async function upsertCurrentResult(q: Kysely<Database>, row: CurrentResultRow): Promise<void> {
  await q
    .insertInto("current_results")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["device_id", "control"]).doUpdateSet({
        status: row.status,
        result_json: row.result_json,
        since: row.since,
        collected_at: row.collected_at,
        ledger_id: row.ledger_id,
      }),
    )
    .execute();
}

export async function insertStatusChange(q: Kysely<Database>, row: StatusChangeRow): Promise<void> {
  await q.insertInto("status_changes").values(row).execute();
}

export async function statusChanges(q: Kysely<Database>, deviceId: string): Promise<StatusChangeRow[]> {
  return q.selectFrom("status_changes").selectAll().where("device_id", "=", deviceId).orderBy("collected_at").execute();
}
