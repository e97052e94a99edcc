// The council page's devices × controls matrix: one page of devices (filtered, sorted) and their results, set-based.
import { type Kysely, sql } from "kysely";
import type { Database } from "../../db/schema.js";
import { DEFAULT_ALERT_SETTINGS } from "../../alerts/settings.js";
import { silenceHoursOf } from "../../alerts/settings-store.js";
import { searchKeyPattern } from "../../stores/search-key.js";
import { shownStatus } from "./overview.js";

export const PAGE_SIZE = 100;
export const SORTS = ["hostname", "last-seen", "failing"] as const;
export type Sort = (typeof SORTS)[number];
export const FILTERS = ["all", "failing", "unknown", "silent", "waived"] as const;
export type Filter = (typeof FILTERS)[number];

export interface MatrixQuery {
  councilId: string;
  search: string;
  filter: Filter;
  sort: Sort;
  page: number;
}

export interface MatrixRow {
  id: string;
  hostname: string;
  serial: string;
  model: string;
  osName: string;
  osVersion: string;
  lastSeen: string | null;
  assetNumber: string | null;
  assignedUser: string | null;
  /** control → shown status (pass, fail, unknown, not_applicable, waived). */
  results: Record<string, string>;
}

export async function councilMatrix(
  q: Kysely<Database>,
  now: Date,
  m: MatrixQuery,
): Promise<{ rows: MatrixRow[]; total: number; silenceHours: number }> {
  const nowIso = now.toISOString();
  // "Silent" is the council's own alert setting, the same hours the silence alert uses.
  const silenceHours = (await silenceHoursOf(q, [m.councilId])).get(m.councilId) ?? DEFAULT_ALERT_SETTINGS.silenceHours;
  const cutoff = new Date(now.getTime() - silenceHours * 3_600_000).toISOString();
  const counts = q
    .selectFrom("current_results as cr")
    .innerJoin("devices as cd", "cd.id", "cr.device_id")
    .where("cd.council_id", "=", m.councilId)
    .select((eb) => [
      "cr.device_id",
      sql<number>`sum(case when cr.status = 'fail' then 1 else 0 end)`.as("fails"),
      sql<number>`sum(case when cr.status = 'unknown' then 1 else 0 end)`.as("unknowns"),
      eb.fn.countAll<number>().as("n"),
    ])
    .groupBy("cr.device_id")
    .as("c");
  let base = q
    .selectFrom("devices as d")
    .leftJoin(counts, "c.device_id", "d.id")
    .leftJoin("device_assets as a", "a.device_id", "d.id")
    .where("d.council_id", "=", m.councilId);
  if (m.search) {
    const like = searchKeyPattern(m.search);
    base = base.where((eb) =>
      eb.or([
        sql<boolean>`d.hostname_key like ${like} escape '\\'`,
        sql<boolean>`lower(d.serial) like ${like} escape '\\'`,
        sql<boolean>`a.asset_number_key like ${like} escape '\\'`,
        sql<boolean>`a.assigned_user_key like ${like} escape '\\'`,
      ]),
    );
  }
  if (m.filter === "failing") base = base.where("c.fails", ">", 0);
  if (m.filter === "unknown") base = base.where("c.unknowns", ">", 0);
  if (m.filter === "silent")
    base = base.where((eb) => eb.or([eb("d.last_seen_at", "is", null), eb("d.last_seen_at", "<", cutoff)]));
  if (m.filter === "waived") {
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom("waivers as w")
          .select("w.id")
          .whereRef("w.device_id", "=", "d.id")
          .where("w.revoked_at", "is", null)
          .where("w.expires_at", ">", nowIso),
      ),
    );
  }
  const totalRow = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst();
  let page = base.select([
    "d.id",
    "d.hostname",
    "d.serial",
    "d.model",
    "d.os_name",
    "d.os_version",
    "d.last_seen_at",
    "a.asset_number",
    "a.assigned_user",
  ]);
  if (m.sort === "last-seen") page = page.orderBy(sql`coalesce(d.last_seen_at, '')`, "asc");
  if (m.sort === "failing")
    page = page.orderBy(sql`coalesce(c.fails, 0)`, "desc").orderBy(sql`coalesce(c.unknowns, 0)`, "desc");
  const devices = await page
    .orderBy("d.hostname")
    .orderBy("d.id")
    .limit(PAGE_SIZE)
    .offset(Math.max(0, m.page - 1) * PAGE_SIZE)
    .execute();
  const ids = devices.map((d) => d.id);
  const results = ids.length
    ? await q
        .selectFrom("current_results as cr")
        .select(["cr.device_id", "cr.control", shownStatus(nowIso).as("status")])
        .where("cr.device_id", "in", ids)
        .execute()
    : [];
  const byDevice = new Map<string, Record<string, string>>();
  for (const r of results)
    (byDevice.get(r.device_id) ?? byDevice.set(r.device_id, {}).get(r.device_id)!)[r.control] = r.status;
  const rows = devices.map((d) => ({
    id: d.id,
    hostname: d.hostname,
    serial: d.serial,
    model: d.model,
    osName: d.os_name,
    osVersion: d.os_version,
    lastSeen: d.last_seen_at,
    assetNumber: d.asset_number,
    assignedUser: d.assigned_user,
    results: byDevice.get(d.id) ?? {},
  }));
  return { rows, total: Number(totalRow?.n ?? 0), silenceHours };
}
