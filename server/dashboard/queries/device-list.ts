// The device list across councils: search, filters and "worst first" as set-based SQL (SQLite and PostgreSQL alike).
import { type Expression, type Kysely, type SqlBool, sql } from "kysely";
import { CONTROL_IDS, type ControlId, type OsPlatform } from "../../../shared/schemas/control.js";
import { silenceHoursOf } from "../../alerts/settings-store.js";
import type { Database } from "../../db/schema.js";
import { searchKeyPattern } from "../../stores/search-key.js";
import { shownStatus, silentCutoff, waiverInForce as waived } from "./overview.js";

export const LIST_PAGE_SIZE = 100;
export const LIST_SORTS = ["worst", "hostname", "last-seen", "council"] as const;
export type ListSort = (typeof LIST_SORTS)[number];
/** What a control shows on the dashboard; "none" is a control the device has not reported. */
export const LIST_STATUSES = ["fail", "unknown", "waived", "pass", "not_applicable", "none"] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

export interface DeviceListQuery {
  /** Only this council; null for every council (provider roles only: the page decides). */
  councilId: string | null;
  search: string;
  /** The control the status filter looks at; null for "any control". */
  control: ControlId | null;
  status: ListStatus | null;
  /** Only devices past their own council's silence setting. */
  silent: boolean;
  os: OsPlatform | null;
  sort: ListSort;
  page: number;
}

export interface DeviceListRow {
  id: string;
  councilId: string;
  councilName: string;
  hostname: string;
  serial: string;
  model: string;
  osPlatform: string;
  osName: string;
  osVersion: string;
  lastSeen: string | null;
  silent: boolean;
  assetNumber: string | null;
  assignedUser: string | null;
  /** Failing controls not excused by a waiver in force, and unknown ones. */
  fails: number;
  unknowns: number;
  openEvents: number;
  /** control → shown status (pass, fail, unknown, not_applicable, waived). */
  results: Record<string, string>;
}

/** Devices with a control (or this control) in this shown status: an EXISTS on current_results' primary key. */
function hasStatus(control: ControlId | null, status: ListStatus, nowIso: string): Expression<SqlBool> {
  const onControl = control ? sql` and cr.control = ${control}` : sql``;
  if (status === "none")
    return sql<SqlBool>`not exists (select 1 from current_results cr where cr.device_id = d.id${onControl})`;
  const raw = status === "waived" ? "fail" : status;
  const extra =
    status === "fail" ? sql` and not ${waived(nowIso)}` : status === "waived" ? sql` and ${waived(nowIso)}` : sql``;
  return sql<SqlBool>`exists (select 1 from current_results cr where cr.device_id = d.id${onControl}
    and cr.status = ${raw}${extra})`;
}

/** The devices table with the filters applied (no counts joined: the total and the page share it). */
function filtered(q: Kysely<Database>, m: DeviceListQuery, nowIso: string, cutoff: Expression<string>) {
  let base = q
    .selectFrom("devices as d")
    .innerJoin("councils as k", "k.id", "d.council_id")
    .leftJoin("device_assets as a", "a.device_id", "d.id");
  if (m.councilId) base = base.where("d.council_id", "=", m.councilId);
  if (m.os) base = base.where("d.os_platform", "=", m.os);
  if (m.silent) base = base.where((eb) => eb.or([eb("d.last_seen_at", "is", null), eb("d.last_seen_at", "<", cutoff)]));
  if (m.status) base = base.where(hasStatus(m.control, m.status, nowIso));
  else if (m.control)
    base = base.where(
      sql<SqlBool>`exists (select 1 from current_results cr where cr.device_id = d.id and cr.control = ${m.control})`,
    );
  if (m.search) {
    // Names by their stored keys (lowered in JavaScript, whatever the script: server/stores/search-key.ts); serials,
    // hardware's own ASCII text, by lower().
    const p = searchKeyPattern(m.search);
    const keys = ["d.hostname_key", "k.name_key", "a.asset_number_key", "a.assigned_user_key"];
    base = base.where((eb) =>
      eb.or([
        ...keys.map((col) => sql<SqlBool>`${sql.ref(col)} like ${p} escape '\\'`),
        sql<SqlBool>`lower(d.serial) like ${p} escape '\\'`,
      ]),
    );
  }
  return base;
}

/** Every council's "silent" cut-off as SQL over d.council_id (each council's own alert setting). */
async function cutoffFor(q: Kysely<Database>, m: DeviceListQuery, now: Date) {
  return silentCutoff(await silenceHoursOf(q, m.councilId ? [m.councilId] : "every"), now, "d.council_id");
}

/** Failing controls not excused by a waiver in force, and unknown ones, per device (index current_results_status_18b). */
function counted(status: "fail" | "unknown", nowIso: string) {
  const excused = status === "fail" ? sql` and not ${waived(nowIso)}` : sql``;
  return sql<number>`(select count(*) from current_results cr where cr.device_id = d.id and cr.status = ${status}${excused})`;
}

/**
 * The list's rows from `offset` (a page of 100; the CSV takes them all at once). Worst first: failures not waived,
 * then unknowns, then the oldest last report (never reported is oldest), then name.
 */
export async function deviceList(
  q: Kysely<Database>,
  now: Date,
  m: DeviceListQuery,
  window: { limit: number; offset: number } = { limit: LIST_PAGE_SIZE, offset: (m.page - 1) * LIST_PAGE_SIZE },
): Promise<{ rows: DeviceListRow[]; total: number }> {
  const nowIso = now.toISOString();
  const cutoff = await cutoffFor(q, m, now);
  const base = filtered(q, m, nowIso, cutoff);
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  let page = base.select((eb) => [
    "d.id",
    "d.council_id",
    "k.name as council_name",
    "d.hostname",
    "d.serial",
    "d.model",
    "d.os_platform",
    "d.os_name",
    "d.os_version",
    "d.last_seen_at",
    "a.asset_number",
    "a.assigned_user",
    counted("fail", nowIso).as("fails"),
    counted("unknown", nowIso).as("unknowns"),
    eb.or([eb("d.last_seen_at", "is", null), eb("d.last_seen_at", "<", cutoff)]).as("silent"),
  ]);
  // Output names in ORDER BY: both dialects sort by the computed counts without computing them twice.
  if (m.sort === "worst")
    page = page
      .orderBy(sql.ref("fails"), "desc")
      .orderBy(sql.ref("unknowns"), "desc")
      .orderBy(sql`coalesce(d.last_seen_at, '')`, "asc");
  if (m.sort === "last-seen") page = page.orderBy(sql`coalesce(d.last_seen_at, '')`, "asc");
  if (m.sort === "council") page = page.orderBy("k.name");
  const devices = await page.orderBy("d.hostname").orderBy("d.id").limit(window.limit).offset(window.offset).execute();
  const details = await detailsOf(
    q,
    devices.map((d) => d.id),
    nowIso,
  );
  const rows = devices.map((d) => ({
    id: d.id,
    councilId: d.council_id,
    councilName: d.council_name,
    hostname: d.hostname,
    serial: d.serial,
    model: d.model,
    osPlatform: d.os_platform,
    osName: d.os_name,
    osVersion: d.os_version,
    lastSeen: d.last_seen_at,
    silent: Boolean(Number(d.silent)),
    assetNumber: d.asset_number,
    assignedUser: d.assigned_user,
    fails: Number(d.fails),
    unknowns: Number(d.unknowns),
    openEvents: details.events.get(d.id) ?? 0,
    results: details.results.get(d.id) ?? {},
  }));
  return { rows, total: Number(totalRow?.n ?? 0) };
}

/** Shown statuses and open integrity events of these devices, 1,000 ids a query (bound-parameter limits). */
async function detailsOf(q: Kysely<Database>, ids: string[], nowIso: string) {
  const results = new Map<string, Record<string, string>>();
  const events = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const [rs, es] = await Promise.all([
      q
        .selectFrom("current_results as cr")
        .select(["cr.device_id", "cr.control", shownStatus(nowIso).as("status")])
        .where("cr.device_id", "in", chunk)
        .execute(),
      q
        .selectFrom("integrity_events")
        .select((eb) => ["device_id", eb.fn.countAll<number>().as("n")])
        .where("device_id", "in", chunk)
        .where("acknowledged_at", "is", null)
        .groupBy("device_id")
        .execute(),
    ]);
    for (const r of rs) {
      const per = results.get(r.device_id) ?? {};
      results.set(r.device_id, per);
      per[r.control] = r.status;
    }
    for (const e of es) events.set(e.device_id, Number(e.n));
  }
  return { results, events };
}

/** The controls in the order the list and the CSV show them. */
export const LIST_CONTROLS: readonly ControlId[] = CONTROL_IDS;
