// One device: identity, current results, timeline of status changes, report chain status, waivers, asset fields.
import type { Kysely } from "kysely";
import { CheckResult } from "../../../shared/schemas/check-result.js";
import type { Database } from "../../db/schema.js";
import type { DeviceRow } from "../../stores/device-store.js";

export const TIMELINE_LIMIT = 200;

export interface ChainStatus {
  accepted: number;
  rejected: number;
  gaps: number;
  forks: number;
  /** Unacknowledged events of every kind. */
  openEvents: number;
  lastSeq: number;
}

export function parseResult(json: string): CheckResult | null {
  try {
    const r = CheckResult.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export async function deviceDetail(q: Kysely<Database>, device: DeviceRow) {
  const [results, timeline, ledger, events, waivers, asset] = await Promise.all([
    q.selectFrom("current_results").selectAll().where("device_id", "=", device.id).orderBy("control").execute(),
    q
      .selectFrom("status_changes")
      .select(["id", "control", "from_status", "to_status", "collected_at", "result_json"])
      .where("device_id", "=", device.id)
      .orderBy("collected_at", "desc")
      .limit(TIMELINE_LIMIT)
      .execute(),
    q
      .selectFrom("ledger")
      // A folded range of heartbeats is one row standing for `envelopes` reports.
      .select((eb) => ["outcome", eb.fn.sum<number>(eb.fn.coalesce("envelopes", eb.lit(1))).as("n")])
      .where("device_id", "=", device.id)
      .groupBy("outcome")
      .execute(),
    q
      .selectFrom("integrity_events")
      .selectAll()
      .where("device_id", "=", device.id)
      .orderBy("created_at", "desc")
      .limit(100)
      .execute(),
    q.selectFrom("waivers").selectAll().where("device_id", "=", device.id).orderBy("expires_at", "desc").execute(),
    q.selectFrom("device_assets").selectAll().where("device_id", "=", device.id).executeTakeFirst(),
  ]);
  const count = (o: string) => Number(ledger.find((l) => l.outcome === o)?.n ?? 0);
  const chain: ChainStatus = {
    accepted: count("accepted"),
    rejected: count("rejected"),
    gaps: events.filter((e) => e.kind === "gap").length,
    forks: events.filter((e) => e.kind === "fork").length,
    openEvents: events.filter((e) => e.acknowledged_at === null).length,
    lastSeq: device.last_seq,
  };
  return { results, timeline, chain, events, waivers, asset };
}
