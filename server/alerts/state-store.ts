// Per device and subject (a control, or "silence"), where its alerting stands: failing since when, alerted or not.
import type { Kysely, Selectable } from "kysely";
import { rawStatement } from "../db/raw-sqlite.js";
import type { Database } from "../db/schema.js";

export interface AlertStateTable {
  device_id: string;
  /** A ControlId, or "silence". */
  subject: string;
  /** 1 while the subject is failing (SQLite has no boolean). */
  failing: number;
  /** Reports in a row that found it failing. */
  consecutive: number;
  failing_since: string | null;
  /** When this failing episode's alert was written; null while none was (damped, waived, in grace). */
  alerted_at: string | null;
  /** Rule-specific key of the episode's alert (the silence: last_seen_at it was about). */
  alert_key: string | null;
  /** JSON array of event keys already alerted in this episode (USB sightings, hotspot sightings). */
  seen_events: string;
  updated_at: string;
}
export type AlertStateRow = Selectable<AlertStateTable>;

declare module "../db/schema.js" {
  interface Database {
    alert_state: AlertStateTable;
  }
}

export async function getAlertState(
  q: Kysely<Database>,
  deviceId: string,
  subject: string,
): Promise<AlertStateRow | undefined> {
  return q
    .selectFrom("alert_state")
    .selectAll()
    .where("device_id", "=", deviceId)
    .where("subject", "=", subject)
    .executeTakeFirst();
}

/** Every subject's state of one device. */
export async function alertStatesOf(q: Kysely<Database>, deviceId: string): Promise<AlertStateRow[]> {
  return q.selectFrom("alert_state").selectAll().where("device_id", "=", deviceId).execute();
}

/** Equal in everything but updated_at (which then says when the state last changed, not when it was last seen). */
export function sameState(a: AlertStateRow, b: AlertStateRow): boolean {
  return (
    a.device_id === b.device_id &&
    a.subject === b.subject &&
    a.failing === b.failing &&
    a.consecutive === b.consecutive &&
    a.failing_since === b.failing_since &&
    a.alerted_at === b.alerted_at &&
    a.alert_key === b.alert_key &&
    a.seen_events === b.seen_events
  );
}

const STATE_COLUMNS = [
  "device_id",
  "subject",
  "failing",
  "consecutive",
  "failing_since",
  "alerted_at",
  "alert_key",
  "seen_events",
  "updated_at",
] as const;
const PUT_STATE = `insert into "alert_state" (${STATE_COLUMNS.map((c) => `"${c}"`).join(", ")}) values (${STATE_COLUMNS.map(() => "?").join(", ")}) on conflict ("device_id", "subject") do update set ${STATE_COLUMNS.slice(
  2,
)
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(", ")}`;

export async function putAlertState(q: Kysely<Database>, row: AlertStateRow): Promise<void> {
  // Inside the ingest's SQLite transaction (a failing control's state changes with every report): prepared once.
  const raw = rawStatement(q, PUT_STATE);
  if (raw) {
    raw.run(STATE_COLUMNS.map((c) => row[c]));
    return;
  }
  const { device_id: _d, subject: _s, ...rest } = row;
  await q
    .insertInto("alert_state")
    .values(row)
    .onConflict((oc) => oc.columns(["device_id", "subject"]).doUpdateSet(rest))
    .execute();
}

/** Failing subjects not yet alerted whose episode began at or before `before` (the screen-lock grace sweep). */
export async function unalertedFailingSince(
  q: Kysely<Database>,
  subject: string,
  before: Date,
): Promise<AlertStateRow[]> {
  return q
    .selectFrom("alert_state")
    .selectAll()
    .where("subject", "=", subject)
    .where("failing", "=", 1)
    .where("alerted_at", "is", null)
    .where("failing_since", "<=", before.toISOString())
    .execute();
}

export const emptyState = (deviceId: string, subject: string, now: Date): AlertStateRow => ({
  device_id: deviceId,
  subject,
  failing: 0,
  consecutive: 0,
  failing_since: null,
  alerted_at: null,
  alert_key: null,
  seen_events: "[]",
  updated_at: now.toISOString(),
});
