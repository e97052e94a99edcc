// The device list's load step: the query string read into a DeviceListQuery, the council scope checked, one page read.
import { CONTROL_IDS, type ControlId, type OsPlatform } from "../../../shared/schemas/control.js";
import type { ServiceContext } from "../../services/context.js";
import { councilNames, findCouncilById } from "../../stores/council-store.js";
import { type DashUser, isProvider } from "../access.js";
import { visibleCouncil } from "../council-scope.js";
import {
  type DeviceListQuery,
  type DeviceListRow,
  deviceList,
  LIST_PAGE_SIZE,
  LIST_SORTS,
  LIST_STATUSES,
  type ListSort,
  type ListStatus,
} from "../queries/device-list.js";

export type Qs = Record<string, string | undefined>;
const OSES: readonly OsPlatform[] = ["windows", "macos", "linux"];
const COUNCIL_PICK_LIMIT = 300;

function oneOf<T extends string>(list: readonly T[], v: string | undefined): T | null {
  return (list as readonly string[]).includes(v ?? "") ? (v as T) : null;
}

/** The list's query from the URL; anything not recognised is ignored (never an error page for a bad filter). */
export function parseListQuery(qs: Qs): Omit<DeviceListQuery, "councilId"> & { council: string } {
  return {
    council: String(qs.council ?? "").slice(0, 100),
    // Control characters (NUL among them, which PostgreSQL refuses in text) can match nothing a person typed.
    search: String(qs.q ?? "")
      .replace(/[\u0000-\u001f\u007f]/g, "")
      .trim()
      .slice(0, 100),
    control: oneOf<ControlId>(CONTROL_IDS, qs.control),
    status: oneOf<ListStatus>(LIST_STATUSES, qs.status),
    silent: qs.silent === "1",
    os: oneOf(OSES, qs.os),
    sort: oneOf<ListSort>(LIST_SORTS, qs.sort) ?? "worst",
    page: Math.min(10_000, Math.max(1, Number.parseInt(qs.page ?? "1", 10) || 1)),
  };
}

/** The query string that shows this view again (for paging, the CSV link and the return after a bulk action). */
export function listSearch(m: DeviceListQuery, page = m.page): string {
  const p = new URLSearchParams();
  if (m.search) p.set("q", m.search);
  if (m.councilId) p.set("council", m.councilId);
  if (m.control) p.set("control", m.control);
  if (m.status) p.set("status", m.status);
  if (m.silent) p.set("silent", "1");
  if (m.os) p.set("os", m.os);
  if (m.sort !== "worst") p.set("sort", m.sort);
  if (page > 1) p.set("page", String(page));
  const s = p.toString();
  return s ? `?${s}` : "";
}

/**
 * The scope: a provider sees every council or the one picked; a council role sees only its own, and naming another
 * council answers 404 (visibleCouncil), as everywhere else on the dashboard.
 */
export async function scopedQuery(ctx: ServiceContext, user: DashUser, qs: Qs): Promise<DeviceListQuery> {
  const { council, ...rest } = parseListQuery(qs);
  const wanted = council || (isProvider(user) ? "" : (user.councilId ?? "-"));
  const councilId = wanted ? (await visibleCouncil(ctx.db.kysely, user, wanted)).id : null;
  return { ...rest, councilId };
}

export interface FleetData {
  m: DeviceListQuery;
  rows: DeviceListRow[];
  total: number;
  pages: number;
  /** Councils the provider may pick from (empty for a council role, and past 300 councils). */
  councils: { id: string; name: string }[];
  councilName: string | null;
}

export async function loadFleet(ctx: ServiceContext, user: DashUser, qs: Qs): Promise<FleetData> {
  const q = ctx.db.kysely;
  const m = await scopedQuery(ctx, user, qs);
  const { rows, total } = await deviceList(q, ctx.clock.now(), m);
  // A pick-list of councils while it stays usable; past that, the search box finds a council by name.
  const listed = isProvider(user) ? await councilNames(q, COUNCIL_PICK_LIMIT + 1) : [];
  const councils = listed.length > COUNCIL_PICK_LIMIT ? [] : listed;
  const councilName = m.councilId ? ((await findCouncilById(q, m.councilId))?.name ?? null) : null;
  return { m, rows, total, pages: Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)), councils, councilName };
}
