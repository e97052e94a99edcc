// The provider's overview at 10,000 councils: totals across every council and one page of councils, worst first, from
// one SQL statement (each council's counts once, the totals as window sums over them); the per-control totals beside it.
import { type Kysely, sql } from "kysely";
import { CONTROL_IDS, type ControlId } from "../../../shared/schemas/control.js";
import { silenceHoursOf } from "../../alerts/settings-store.js";
import type { DialectName } from "../../db/connect.js";
import type { Database } from "../../db/schema.js";
import { searchKeyPattern } from "../../stores/search-key.js";
import { silentCutoff, waiverInForce } from "./overview.js";

export const ESTATE_PAGE_SIZE = 50;

/**
 * What a page asks for: the council-name search, the page (from 1), how many a page (50 unless said) and, for a
 * council's own people, their one council (the totals are then that council's).
 */
export interface EstateQuery {
  search: string;
  page: number;
  size?: number;
  council?: string | null;
}

/** Laptops are counted once each: a laptop with two failing controls is one failing laptop. */
export interface EstateTotals {
  councils: number;
  /** Councils with a failing, unknown or silent laptop, or an integrity event waiting for a person. */
  needAttention: number;
  /** Councils with no laptop enrolled yet. */
  empty: number;
  devices: number;
  /** Laptops with results, none failing (a fail under a waiver in force excepted) and none unknown. */
  meeting: number;
  /** Laptops with a control failing and no waiver in force for it. */
  failing: number;
  /** Laptops with a check Ward could not make. */
  unknown: number;
  /** Laptops past their council's "silent" setting (or that never reported). */
  silent: number;
  /** Laptops enrolled that have sent no result yet. */
  noResults: number;
  /** Unacknowledged integrity events (gaps, forks, re-enrolments). */
  events: number;
}

export interface CouncilRank {
  id: string;
  name: string;
  devices: number;
  failing: number;
  unknown: number;
  silent: number;
  noResults: number;
  events: number;
}

export interface EstatePage {
  totals: EstateTotals;
  /** The page's councils, worst first: search matches only. */
  councils: CouncilRank[];
  /** Councils matching the search (all of them without one). */
  matching: number;
}

/** Shown statuses per control across every council ("none": laptops without a result for it). */
export type ControlTotals = Record<
  ControlId,
  Record<"pass" | "fail" | "unknown" | "waived" | "not_applicable" | "none", number>
>;

const n = (v: unknown) => Number(v ?? 0);

/**
 * One page of councils (50), worst first: the most laptops failing, then integrity events waiting, then silent
 * laptops, then unknown ones, then by name. With a search, matching councils come first and only they are kept;
 * the totals are always the whole estate's (or, for `council`, that council's).
 */
export async function estatePage(q: Kysely<Database>, now: Date, o: EstateQuery): Promise<EstatePage> {
  const rows = await (await estateStatement(q, now, o)).execute(q);
  const first = rows.rows[0];
  // A page past the last (or a database with no council) has no row to carry the totals: ask for the first page.
  if (!first && o.page > 1) {
    const again = await estatePage(q, now, { ...o, page: 1 });
    return { ...again, councils: [] };
  }
  const totals: EstateTotals = {
    councils: n(first?.t_councils),
    needAttention: n(first?.t_attention),
    empty: n(first?.t_empty),
    devices: n(first?.t_devices),
    meeting: n(first?.t_meeting),
    failing: n(first?.t_failing),
    unknown: n(first?.t_unknown),
    silent: n(first?.t_silent),
    noResults: n(first?.t_none),
    events: n(first?.t_events),
  };
  const councils = rows.rows
    .filter((r) => n(r.hit) === 1)
    .map((r) => ({
      id: String(r.id),
      name: String(r.name),
      devices: n(r.n),
      failing: n(r.f),
      unknown: n(r.u),
      silent: n(r.s),
      noResults: n(r.z),
      events: n(r.e),
    }));
  return { totals, councils, matching: n(first?.t_hits) };
}

/** The page's one statement (exported for EXPLAIN on either database). */
export async function estateStatement(q: Kysely<Database>, now: Date, o: EstateQuery) {
  const nowIso = now.toISOString();
  const cutoff = silentCutoff(await silenceHoursOf(q, "every"), now, "g.council_id");
  const hit = o.search
    ? sql<number>`case when k.name_key like ${searchKeyPattern(o.search)} escape '\\' then 1 else 0 end`
    : sql<number>`1`;
  // A council's search key is read only for a search (one more primary-key look-up per council).
  const nameKey = o.search ? sql`(select c.name_key from councils c where c.id = per.id)` : sql`''`;
  const size = o.size ?? ESTATE_PAGE_SIZE;
  const offset = (o.page - 1) * size;
  // A council's people see their council only: its laptops, or its row alone when it has none.
  const one = o.council ?? null;
  const ofDevices = one === null ? sql`` : sql`where d.council_id = ${one}`;
  const ofEmpty = one === null ? sql`` : sql`and c.id = ${one}`;
  // Every step reads an index, never an index SQLite must guess to build (with 20 councils of 500 laptops and no
  // statistics it chose a nested scan and took seconds). flags: each laptop once, with whether it has a failing (not
  // waived) or an unknown result: two lists read once from current_results_status_device_22b (most results pass and
  // are never read). per: each council's counts. k: with its name (primary key), and the councils without a laptop.
  // r: with its open integrity events (integrity_events_council). Then the totals are window sums over every council.
  return sql<Record<string, unknown>>`with flags as materialized (
  select d.id, d.council_id, d.last_seen_at,
    case when d.id in (select cr.device_id from current_results cr
      where cr.status = 'fail' and not ${waiverInForce(nowIso)}) then 1 else 0 end as f,
    case when d.id in (select cr.device_id from current_results cr where cr.status = 'unknown') then 1 else 0 end as u
  from devices d ${ofDevices}
), per as (
  select g.council_id as id, count(*) as n,
    sum(case when g.last_seen_at is null or g.last_seen_at < ${cutoff} then 1 else 0 end) as s,
    sum(g.f) as f, sum(g.u) as u, sum(case when g.f + g.u > 0 then 1 else 0 end) as b,
    sum(case when g.f + g.u = 0 and not exists (
      select 1 from current_results x where x.device_id = g.id) then 1 else 0 end) as z
  from flags g group by g.council_id
), k as (
  select per.id, (select c.name from councils c where c.id = per.id) as name,
    ${nameKey} as name_key, per.n, per.s, per.f, per.u, per.b, per.z
  from per
  union all
  select c.id, c.name, c.name_key, 0, 0, 0, 0, 0, 0 from councils c
  where not exists (select 1 from devices d where d.council_id = c.id) ${ofEmpty}
), r as materialized (
  select k.*, ${hit} as hit,
    (select count(*) from integrity_events i where i.council_id = k.id and i.acknowledged_at is null) as e
  from k
)
select r.id, r.name, r.n, r.s, r.f, r.u, r.z, r.e, r.hit,
  count(*) over () as t_councils,
  sum(case when r.f + r.s + r.u + r.e > 0 then 1 else 0 end) over () as t_attention,
  sum(case when r.n = 0 then 1 else 0 end) over () as t_empty,
  sum(r.n) over () as t_devices, sum(r.n - r.b - r.z) over () as t_meeting, sum(r.f) over () as t_failing,
  sum(r.u) over () as t_unknown, sum(r.s) over () as t_silent, sum(r.z) over () as t_none, sum(r.e) over () as t_events,
  sum(r.hit) over () as t_hits
from r order by r.hit desc, r.f desc, r.e desc, r.s desc, r.u desc, r.name, r.id
limit ${size} offset ${offset}`;
}

const SHOWN = ["pass", "fail", "unknown", "not_applicable"] as const;

/**
 * Results per control and status across every council. SQLite: one index count per pair, each a range of
 * current_results_control_18b (2-7 ms at 160,000 results; grouping them row by row takes ~60 ms). PostgreSQL: one
 * grouped scan (~40 ms), because its index-only counts visit the table while its visibility map is behind (results
 * just written: 0.7 s measured for the 32 counts before a VACUUM, 15 ms after).
 */
async function countsPerControl(q: Kysely<Database>, dialect: DialectName) {
  if (dialect === "postgres")
    return q
      .selectFrom("current_results")
      .select((eb) => ["control", "status", eb.fn.countAll<number>().as("n")])
      .groupBy(["control", "status"])
      .execute();
  const pairs = CONTROL_IDS.flatMap((control) => SHOWN.map((status) => ({ control, status })));
  const counts = sql.join(
    pairs.map(
      (p, i) =>
        sql`(select count(*) from current_results cr where cr.control = ${p.control} and cr.status = ${p.status}) as ${sql.ref(`c${i}`)}`,
    ),
  );
  const row = (await sql<Record<string, unknown>>`select ${counts}`.execute(q)).rows[0];
  return pairs.map((p, i) => ({ ...p, n: n(row?.[`c${i}`]) }));
}

/** Each control's shown statuses across every council, the waived fails (a waiver in force) apart. */
export async function controlTotals(
  q: Kysely<Database>,
  dialect: DialectName,
  now: Date,
  devices: number,
): Promise<ControlTotals> {
  const [counts, waived] = await Promise.all([
    countsPerControl(q, dialect),
    q
      .selectFrom("current_results as cr")
      .select((eb) => ["cr.control", eb.fn.countAll<number>().as("n")])
      .where("cr.status", "=", "fail")
      .where(waiverInForce(now.toISOString()))
      .groupBy("cr.control")
      .execute(),
  ]);
  const out = {} as ControlTotals;
  for (const control of CONTROL_IDS)
    out[control] = { pass: 0, fail: 0, unknown: 0, waived: 0, not_applicable: 0, none: devices };
  for (const c of counts) {
    const per = out[c.control as ControlId];
    if (!per || !(SHOWN as readonly string[]).includes(c.status)) continue;
    per[c.status as (typeof SHOWN)[number]] = n(c.n);
    per.none -= n(c.n);
  }
  for (const w of waived) {
    const per = out[w.control as ControlId];
    if (!per) continue;
    per.waived = n(w.n);
    per.fail -= n(w.n);
  }
  return out;
}
