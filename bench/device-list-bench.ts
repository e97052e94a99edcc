// Dashboard bench: the device list across every council at 20,000 devices (issue 18b), worst first, one page of 100.
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
): Promise<Figure> {
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
  return figure({
    section: "dashboard",
    name: `cross-council list, ${LIST_DEVICES.toLocaleString("en-GB")} devices: server time`,
    value: median(first),
    unit: "ms",
    limit: { label: "limit", value: 300, unit: "ms", kind: "below" },
    note: `first page worst first, median of ${first.length} after one warm-up, p95 ${percentile(first, 95).toFixed(0)} ms; search ${m(search)}, failing disk encryption and silent ${m(failing)}, page 50 ${m(page50)}, the whole list as CSV ${m(csv)}; ${o.enrolled} devices through /v1/enroll and /v1/reports, ${seeded} seeded into the tables (test/dashboard/seed.ts)`,
  });
}
