// Dashboard bench: the device list across every council at 20,000 devices (issue 18b), and the compliance trend over them.
import { sql } from "kysely";
import { complianceTrend } from "../server/dashboard/trends/history.js";
import type { WardServer } from "../server/main.js";
import { createCouncil } from "../server/services/admin.js";
import { seedDevices } from "../test/dashboard/seed.js";
import { type Figure, figure } from "./figures.js";
import { median, percentile } from "./proc-stats.js";

export const LIST_DEVICES = 20_000;

/**
 * Tops the bench's database up to 20,000 devices (the ones already enrolled through the real API, plus councils of
 * 500 seeded straight into the tables), then times the list's first page worst first, and notes a search, a filter,
 * the 50th page and the whole CSV.
 */
export async function deviceListFigure(
  server: WardServer,
  cookie: string,
  o: { enrolled: number; repeats: number; log: (line: string) => void },
): Promise<Figure[]> {
  const deps = { db: server.ctx.db, clock: server.ctx.clock };
  const now = server.ctx.clock.now();
  let seeded = 0;
  for (let c = 0; o.enrolled + seeded < LIST_DEVICES; c++) {
    const council = await createCouncil(deps, `Bench List Council ${String(c + 1).padStart(3, "0")}`);
    const n = Math.min(500, LIST_DEVICES - o.enrolled - seeded);
    await seedDevices(server.ctx.db.kysely, council.id, n, now, `dev_list${String(c).padStart(3, "0")}`);
    seeded += n;
  }
  o.log(`  device list: ${o.enrolled} enrolled + ${seeded} seeded = ${o.enrolled + seeded} devices`);
  const time = async (url: string, repeats = o.repeats) => {
    const ms: number[] = [];
    for (let i = 0; i < repeats + 1; i++) {
      const t = performance.now();
      const res = await server.app.inject({ method: "GET", url, headers: { cookie } });
      const took = performance.now() - t;
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
      if (i > 0) ms.push(took);
    }
    return ms;
  };
  const first = await time("/dashboard/devices");
  const search = await time("/dashboard/devices?q=laptop-0012");
  const failing = await time("/dashboard/devices?control=disk-encryption&status=fail&silent=1");
  const page50 = await time("/dashboard/devices?page=50");
  const csv = await time("/dashboard/devices.csv", 2);
  const m = (ms: number[]) => `${median(ms).toFixed(0)} ms`;
  // The trend reads the status changes of its 30 days: give the seeded laptops the first-report changes the real
  // ingest would have written (one per result, at its time), so every laptop has history in the window (worst case).
  await sql`insert into status_changes (id, device_id, council_id, control, from_status, to_status, result_json,
      collected_at, received_at, ledger_id)
    select 'chg_b' || cr.device_id || cr.control, cr.device_id, d.council_id, cr.control, null, cr.status, '{}',
      cr.since, cr.since, cr.ledger_id
    from current_results cr join devices d on d.id = cr.device_id
    where cr.device_id like 'dev_list%'`.execute(server.ctx.db.kysely);
  const to = now.toISOString().slice(0, 10);
  const from = new Date(now.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  const trend: number[] = [];
  let laptops = 0;
  for (let i = 0; i < 4; i++) {
    const t = performance.now();
    const r = await complianceTrend(server.ctx.db.kysely, null, { from, to }, server.ctx.clock.now());
    if (i > 0) trend.push(performance.now() - t);
    laptops = r.overall.at(-1)?.laptops ?? 0;
  }
  const list = figure({
    section: "dashboard",
    name: `cross-council list, ${LIST_DEVICES.toLocaleString("en-GB")} devices: server time`,
    value: median(first),
    unit: "ms",
    limit: { label: "limit", value: 300, unit: "ms", kind: "below" },
    note: `first page worst first, median of ${first.length} after one warm-up, p95 ${percentile(first, 95).toFixed(0)} ms; search ${m(search)}, failing disk encryption and silent ${m(failing)}, page 50 ${m(page50)}, the whole list as CSV ${m(csv)}; ${o.enrolled} devices through /v1/enroll and /v1/reports, ${seeded} seeded into the tables (test/dashboard/seed.ts)`,
  });
  return [
    list,
    figure({
      section: "dashboard",
      name: `compliance trend, every council, ${LIST_DEVICES.toLocaleString("en-GB")} devices, 30 days: server time`,
      value: median(trend),
      unit: "ms",
      note: `complianceTrend over ${laptops} laptops, every one with its first results inside the 30 days (the most history a window can hold after enrolment), median of ${trend.length} after one warm-up, not through the pages' 5-minute cache (server/dashboard/trends/cache.ts): what the first view of the provider's overview pays`,
    }),
  ];
}
