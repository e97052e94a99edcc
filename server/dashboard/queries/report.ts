// The council compliance report for a date range: devices and their current state, changes, waivers, approvals, events.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { shownStatus } from "./overview.js";

export const REPORT_DEVICE_LIMIT = 2000;

export async function councilReport(q: Kysely<Database>, councilId: string, from: string, to: string, now: Date) {
  const nowIso = now.toISOString();
  const [devices, results, changes, waivers, events, approvals] = await Promise.all([
    q
      .selectFrom("devices as d")
      .leftJoin("device_assets as a", "a.device_id", "d.id")
      .select([
        "d.id",
        "d.hostname",
        "d.serial",
        "d.model",
        "d.last_seen_at",
        "a.asset_number",
        "a.assigned_user",
        "a.location",
      ])
      .where("d.council_id", "=", councilId)
      .orderBy("d.hostname")
      .limit(REPORT_DEVICE_LIMIT)
      .execute(),
    q
      .selectFrom("current_results as cr")
      .innerJoin("devices as d", "d.id", "cr.device_id")
      .select(["cr.device_id", "cr.control", shownStatus(nowIso).as("status")])
      .where("d.council_id", "=", councilId)
      .execute(),
    q
      .selectFrom("status_changes as s")
      .innerJoin("devices as d", "d.id", "s.device_id")
      .select(["d.hostname", "s.control", "s.from_status", "s.to_status", "s.collected_at"])
      .where("s.council_id", "=", councilId)
      .where("s.collected_at", ">=", from)
      .where("s.collected_at", "<", to)
      .orderBy("s.collected_at")
      .limit(1000)
      .execute(),
    q
      .selectFrom("waivers as w")
      .innerJoin("devices as d", "d.id", "w.device_id")
      .select(["d.hostname", "w.control", "w.reason", "w.approved_by", "w.created_at", "w.expires_at", "w.revoked_at"])
      .where("w.council_id", "=", councilId)
      .where("w.created_at", "<", to)
      .where("w.expires_at", ">=", from)
      .orderBy("w.created_at")
      .execute(),
    q
      .selectFrom("integrity_events as e")
      .innerJoin("devices as d", "d.id", "e.device_id")
      .select(["d.hostname", "e.kind", "e.seq", "e.created_at"])
      .where("e.council_id", "=", councilId)
      .where("e.created_at", ">=", from)
      .where("e.created_at", "<", to)
      .orderBy("e.created_at")
      .limit(500)
      .execute(),
    q
      .selectFrom("audit_log")
      .select(["at", "actor", "action", "target", "detail_json"])
      .where("council_id", "=", councilId)
      .where("action", "in", ["usb.approve", "usb.revoke"])
      .where("at", ">=", from)
      .where("at", "<", to)
      .orderBy("at")
      .execute(),
  ]);
  const byDevice = new Map<string, Record<string, string>>();
  for (const r of results)
    (byDevice.get(r.device_id) ?? byDevice.set(r.device_id, {}).get(r.device_id)!)[r.control] = r.status;
  return {
    devices: devices.map((d) => ({ ...d, results: byDevice.get(d.id) ?? {} })),
    changes,
    waivers,
    events,
    approvals,
  };
}
