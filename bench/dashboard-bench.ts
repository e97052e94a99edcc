// Dashboard server time: the overview with 20,000 devices in 10,000 councils and a council page with 500, on SQLite,
// seeded through the real enrolment and ingest (in-process requests), read by a signed-in provider user.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { silentLogger } from "../shared/logger.js";
import { EnrollResponse } from "../shared/schemas/api.js";
import type { CheckResult } from "../shared/schemas/check-result.js";
import { loadServerConfig } from "../server/config/config.js";
import { createServer } from "../server/main.js";
import { createCouncil, createToken } from "../server/services/admin.js";
import { ROOT } from "./agent-bench.js";
import { type Figure, figure, notMeasured } from "./figures.js";
import { deviceListFigure } from "./device-list-bench.js";
import { BenchDevice } from "./load.js";
import { median, percentile } from "./proc-stats.js";

const LIMIT = { label: "limit", value: 300, unit: "ms", kind: "below" as const };

export async function dashboardFigures(
  log: (line: string) => void,
  o: { devices: number; councils: number; perCouncil: number; results: CheckResult[]; repeats: number },
): Promise<Figure[]> {
  if (!existsSync(join(ROOT, "server", "dashboard", "pages", "overview.ts"))) {
    return [
      notMeasured("dashboard", "overview", "not measured: dashboard not built yet (no server/dashboard overview)"),
    ];
  }
  // Imported only when the dashboard exists.
  const { readyUser, sessionCookie } = await import("../test/dashboard/support.js");
  const dataDir = mkdtempSync(join(tmpdir(), "ward-bench-dashboard-"));
  const server = await createServer(loadServerConfig({ flags: { dataDir, port: 0 } }), { logger: silentLogger });
  try {
    // Seeding speed only; the pages read what is committed either way.
    await sql`PRAGMA synchronous = OFF`.execute(server.ctx.db.kysely);
    const deps = { db: server.ctx.db, clock: server.ctx.clock };
    // The first council has `perCouncil` laptops (the council page timed); the others share the rest, as England's
    // parish councils do (most have one or two).
    const councils = Math.max(1, o.councils);
    const sizes = Array.from({ length: councils }, (_, c) =>
      c === 0
        ? Math.min(o.perCouncil, o.devices)
        : Math.floor((o.devices - Math.min(o.perCouncil, o.devices)) / Math.max(1, councils - 1)) +
          (c - 1 < (o.devices - Math.min(o.perCouncil, o.devices)) % Math.max(1, councils - 1) ? 1 : 0),
    );
    const t0 = performance.now();
    let firstCouncil = "";
    let seeded = 0;
    for (let c = 0; c < councils; c++) {
      const council = await createCouncil(deps, `Bench Town Council ${String(c + 1).padStart(5, "0")}`);
      firstCouncil ||= council.id;
      if (sizes[c] === 0) continue;
      const { token } = await createToken(deps, { council: council.id, expires: "7d", uses: sizes[c]! });
      for (let i = 0; i < sizes[c]!; i++) {
        const d = new BenchDevice(`DASH-${c}-${i}`);
        const res = await server.app.inject({ method: "POST", url: "/v1/enroll", payload: d.enrollBody(token) });
        if (res.statusCode !== 200) throw new Error(`enrol answered ${res.statusCode}: ${res.body}`);
        d.deviceId = EnrollResponse.parse(JSON.parse(res.body)).deviceId;
        // Some laptops fail a control, so the overview has every status to count.
        const results = o.results.map((r, k) => ((seeded + k) % 7 === 0 ? { ...r, status: "fail" as const } : r));
        const rep = await server.app.inject({
          method: "POST",
          url: "/v1/reports",
          payload: { deviceId: d.deviceId, envelopes: [d.full(results)] },
        });
        if (rep.statusCode !== 200) throw new Error(`report answered ${rep.statusCode}: ${rep.body}`);
        if (++seeded % 2500 === 0) log(`  ${seeded} devices seeded…`);
      }
    }
    const seedSeconds = (performance.now() - t0) / 1000;
    const user = await readyUser(server, "bench@provider.example", "provider-admin");
    const { cookie } = await sessionCookie(server, user.user.id);
    const time = async (url: string, repeats = o.repeats) => {
      const ms: number[] = [];
      for (let i = 0; i < repeats + 1; i++) {
        const t = performance.now();
        const res = await server.app.inject({ method: "GET", url, headers: { cookie } });
        const took = performance.now() - t;
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
        if (i > 0) ms.push(took); // the first request warms caches and compiles
      }
      return ms;
    };
    const overview = await time("/dashboard/");
    // The overview's other views: a council-name search, and a page deep into the list (worst first, 50 a page).
    const search = await time("/dashboard/?q=council+0001", 3);
    const deep = await time(`/dashboard/?page=${Math.max(1, Math.ceil(councils / 50 / 2))}`, 3);
    const council = await time(`/dashboard/councils/${firstCouncil}`);
    // The same first page as JSON (/dashboard/api/overview: 50 councils worst first and the estate's totals).
    const api = await time("/dashboard/api/overview");
    const note = (ms: number[]) =>
      `median of ${ms.length} requests after one warm-up (in-process, no network): p95 ${percentile(ms, 95).toFixed(0)} ms; ${o.devices} devices in ${councils} councils (the timed one: ${sizes[0]}) seeded through /v1/enroll and /v1/reports in ${seedSeconds.toFixed(0)} s`;
    const views = `; the first page of councils worst first with the estate's totals; a council-name search ${median(search).toFixed(0)} ms, page ${Math.max(1, Math.ceil(councils / 50 / 2))} ${median(deep).toFixed(0)} ms`;
    const list = await deviceListFigure(server, cookie, { enrolled: o.devices, repeats: o.repeats, log });
    return [
      figure({
        section: "dashboard",
        name: `overview, ${o.devices.toLocaleString("en-GB")} devices: server time`,
        value: median(overview),
        unit: "ms",
        limit: LIMIT,
        note: note(overview) + views,
      }),
      figure({
        section: "dashboard",
        name: `council page, ${o.perCouncil} devices: server time`,
        value: median(council),
        unit: "ms",
        limit: LIMIT,
        note: note(council),
      }),
      figure({
        section: "dashboard",
        name: `overview API (JSON, 50 councils a page), ${o.devices.toLocaleString("en-GB")} devices: server time`,
        value: median(api),
        unit: "ms",
        limit: LIMIT,
        note: `${note(api)}; GET /dashboard/api/overview, the first page with the estate's totals`,
      }),
      ...list,
    ];
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
