// The rows an evidence pack reads for one council and period, set-based: a council of 500 devices over a year is a
// handful of indexed scans.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import { listAttestations } from "../attestation-store.js";

export const EVIDENCE_DEVICE_LIMIT = 5000;

/** A status change, as the control timelines walk them. */
export interface Change {
  device_id: string;
  control: string;
  to_status: string;
  collected_at: string;
}

/** Devices enrolled before the period's end, their changes, current results, reports, events; waivers; attestations. */
export async function evidenceRows(q: Kysely<Database>, councilId: string, periodStart: string, periodEnd: string) {
  const councilDevices = q.selectFrom("devices").select("id").where("council_id", "=", councilId);
  const [devices, changes, current, reports, events, waivers, attestations] = await Promise.all([
    q
      .selectFrom("devices as d")
      .leftJoin("device_assets as a", "a.device_id", "d.id")
      .select([
        "d.id",
        "d.hostname",
        "d.serial",
        "d.model",
        "d.os_name",
        "d.os_version",
        "d.enrolled_at",
        "d.last_seen_at",
        "a.asset_number",
        "a.assigned_user",
      ])
      .where("d.council_id", "=", councilId)
      .where("d.enrolled_at", "<", periodEnd)
      .orderBy("d.hostname")
      .orderBy("d.id")
      .limit(EVIDENCE_DEVICE_LIMIT)
      .execute(),
    q
      .selectFrom("status_changes")
      .select(["device_id", "control", "to_status", "collected_at"])
      .where("council_id", "=", councilId)
      .where("collected_at", "<", periodEnd)
      .orderBy("collected_at")
      .execute() as Promise<Change[]>,
    q
      .selectFrom("current_results")
      .select(["device_id", "control", "status", "since"])
      .where("device_id", "in", councilDevices)
      .execute(),
    q
      .selectFrom("ledger")
      // A folded range of heartbeats (stores/ledger-fold.ts) is one row standing for `envelopes` reports.
      .select((eb) => [
        "device_id",
        eb.fn.sum<number>(eb.fn.coalesce("envelopes", eb.lit(1))).as("n"),
        eb.fn.max(eb.fn.coalesce("last_collected_at", "collected_at")).as("last"),
      ])
      .where("device_id", "in", councilDevices)
      .where("outcome", "=", "accepted")
      .where("collected_at", ">=", periodStart)
      .where("collected_at", "<", periodEnd)
      .groupBy("device_id")
      .execute(),
    q
      .selectFrom("integrity_events")
      .select((eb) => ["device_id", "kind", eb.fn.countAll<number>().as("n")])
      .where("council_id", "=", councilId)
      .where("created_at", ">=", periodStart)
      .where("created_at", "<", periodEnd)
      .groupBy(["device_id", "kind"])
      .execute(),
    q
      .selectFrom("waivers as w")
      .innerJoin("devices as d", "d.id", "w.device_id")
      .select([
        "w.device_id",
        "d.hostname",
        "w.control",
        "w.reason",
        "w.approved_by",
        "w.created_at",
        "w.expires_at",
        "w.revoked_at",
      ])
      .where("w.council_id", "=", councilId)
      .where("w.created_at", "<", periodEnd)
      .where("w.expires_at", ">=", periodStart)
      .orderBy("w.created_at")
      .execute(),
    listAttestations(q, councilId),
  ]);

  return { devices, changes, current, reports, events, waivers, attestations };
}
