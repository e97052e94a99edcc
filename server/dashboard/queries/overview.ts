// The overview in three set-based queries: results per council/control/status, devices and silent ones, open events.
import { type Kysely, type SqlBool, sql } from "kysely";
import type { Database } from "../../db/schema.js";

import { DEFAULT_ALERT_SETTINGS } from "../../alerts/settings.js";
import { silenceHoursOf } from "../../alerts/settings-store.js";

export interface CouncilSummary {
  id: string;
  name: string;
  devices: number;
  silent: number;
  /** The council's alert setting: a device that has not reported for this many hours is "silent". */
  silenceHours: number;
  /** control → status → count; a failing control under an active waiver counts as "waived". */
  controls: Record<string, Record<string, number>>;
  /** Unacknowledged integrity events by kind. */
  events: Record<string, number>;
}

/** A waiver in force now for the result `cr` (a row of current_results). */
export function waiverInForce(nowIso: string) {
  return sql<SqlBool>`exists (select 1 from waivers w where w.device_id = cr.device_id and w.control = cr.control
    and w.revoked_at is null and w.expires_at > ${nowIso})`;
}

/** The status the dashboard shows: a fail excused by a waiver in force is "waived". */
export function shownStatus(nowIso: string) {
  return sql<string>`case when cr.status = 'fail' and ${waiverInForce(nowIso)} then 'waived' else cr.status end`;
}

/** The "silent" cut-off time of each device's council, as SQL over `council_id`: one CASE, every council's own hours. */
export function silentCutoff(hours: Map<string, number>, now: Date, column = "council_id") {
  const at = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
  const fallback = at(DEFAULT_ALERT_SETTINGS.silenceHours);
  // Only councils that changed the setting need a WHEN: with 10,000 councils a WHEN each would be 20,000 parameters
  // and 10,000 comparisons per device.
  const own = [...hours].filter(([, h]) => h !== DEFAULT_ALERT_SETTINGS.silenceHours);
  if (own.length === 0) return sql<string>`${fallback}`;
  const whens = own.map(([id, h]) => sql`when ${id} then ${at(h)}`);
  return sql<string>`case ${sql.ref(column)} ${sql.join(whens, sql` `)} else ${fallback} end`;
}

/**
 * Each council's summary, by name: every council (null), one, or a page of them (the provider's overview, whose
 * order comes from estate.ts).
 */
export async function overview(
  q: Kysely<Database>,
  now: Date,
  scope: string | readonly string[] | null,
): Promise<CouncilSummary[]> {
  const nowIso = now.toISOString();
  const ids = scope === null ? null : typeof scope === "string" ? [scope] : scope;
  if (ids?.length === 0) return [];
  let councils = q.selectFrom("councils").select(["id", "name"]).orderBy("name");
  if (ids) councils = councils.where("id", "in", ids);
  const cs = await councils.execute();
  const hours = await silenceHoursOf(
    q,
    cs.map((c) => c.id),
  );
  let devices = q
    .selectFrom("devices")
    .select((eb) => [
      "council_id",
      eb.fn.countAll<number>().as("n"),
      sql<number>`sum(case when last_seen_at is null or last_seen_at < ${silentCutoff(hours, now)} then 1 else 0 end)`.as(
        "silent",
      ),
    ])
    .groupBy("council_id");
  if (ids) devices = devices.where("council_id", "in", ids);
  // The shown status is computed in a subquery and grouped outside it: PostgreSQL cannot group by an expression
  // that carries a bound parameter.
  let shown = q
    .selectFrom("current_results as cr")
    .innerJoin("devices as d", "d.id", "cr.device_id")
    .select(["d.council_id", "cr.control", shownStatus(nowIso).as("status")]);
  if (ids) shown = shown.where("d.council_id", "in", ids);
  const results = q
    .selectFrom(shown.as("s"))
    .select((eb) => ["s.council_id", "s.control", "s.status", eb.fn.countAll<number>().as("n")])
    .groupBy(["s.council_id", "s.control", "s.status"]);
  let events = q
    .selectFrom("integrity_events")
    .select((eb) => ["council_id", "kind", eb.fn.countAll<number>().as("n")])
    .where("acknowledged_at", "is", null)
    .groupBy(["council_id", "kind"]);
  if (ids) events = events.where("council_id", "in", ids);
  const [ds, rs, es] = await Promise.all([devices.execute(), results.execute(), events.execute()]);
  const byId = new Map<string, CouncilSummary>(
    cs.map((c) => [
      c.id,
      {
        id: c.id,
        name: c.name,
        devices: 0,
        silent: 0,
        silenceHours: hours.get(c.id) ?? DEFAULT_ALERT_SETTINGS.silenceHours,
        controls: {},
        events: {},
      },
    ]),
  );
  for (const d of ds) {
    const c = byId.get(d.council_id);
    if (c) Object.assign(c, { devices: Number(d.n), silent: Number(d.silent ?? 0) });
  }
  for (const r of rs) {
    const c = byId.get(r.council_id);
    if (!c) continue;
    const per = c.controls[r.control] ?? {};
    c.controls[r.control] = per;
    per[r.status] = (per[r.status] ?? 0) + Number(r.n);
  }
  for (const e of es) {
    const c = byId.get(e.council_id);
    if (c) c.events[e.kind] = Number(e.n);
  }
  return [...byId.values()];
}
