// The device list as CSV: the same rows in the same order as the page (every page of it), cells made inert.
import type { Kysely } from "kysely";
import { controlTitle } from "../../../shared/controls/index.js";
import type { Database } from "../../db/schema.js";
import { csvLine } from "../csv.js";
import { type DeviceListQuery, deviceList, LIST_CONTROLS } from "../queries/device-list.js";

/** At most this many rows in one file (the whole list at 20,000 devices fits). */
export const CSV_ROW_LIMIT = 50_000;

export const FLEET_CSV_HEADER = [
  "device_id",
  "hostname",
  "council",
  "serial",
  "model",
  "os",
  "asset_number",
  "assigned_user",
  "last_report",
  "silent",
  "failing_controls",
  "unknown_controls",
  "open_integrity_events",
  ...LIST_CONTROLS.map((c) => controlTitle(c)),
];

export async function fleetCsv(
  q: Kysely<Database>,
  now: Date,
  m: DeviceListQuery,
): Promise<{ text: string; rows: number }> {
  let text = csvLine(FLEET_CSV_HEADER);
  const { rows } = await deviceList(q, now, m, { limit: CSV_ROW_LIMIT, offset: 0 });
  for (const r of rows) {
    text += csvLine([
      r.id,
      r.hostname,
      r.councilName,
      r.serial,
      r.model,
      `${r.osName} ${r.osVersion}`,
      r.assetNumber,
      r.assignedUser,
      r.lastSeen,
      r.silent ? "yes" : "no",
      r.fails,
      r.unknowns,
      r.openEvents,
      ...LIST_CONTROLS.map((c) => r.results[c] ?? "no result"),
    ]);
  }
  return { text, rows: rows.length };
}
