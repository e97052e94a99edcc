// CSV export of a council's devices and results (audited), and the JSON API the dashboard and the bench use: these
// routes load; export-view.ts writes the CSV and the device's JSON; overview-api.ts answers the overview's.
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../../services/context.js";
import type { DashUser } from "../access.js";
import { auditBy } from "../audit.js";
import { BASE } from "../layout.js";
import { councilMatrix } from "../queries/council-devices.js";
import { deviceDetail } from "../queries/device-detail.js";
import { councilReport } from "../queries/report.js";
import { requireUser } from "../request-context.js";
import { deviceJson, devicesCsv } from "./export-view.js";
import { visibleCouncil, visibleDevice } from "../council-scope.js";
import { matrixQuery } from "./council.js";
import { registerOverviewApi } from "./overview-api.js";

export function registerExport(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  const council = (user: DashUser, id: string) => visibleCouncil(q, user, id);

  app.get<{ Params: { id: string } }>(`${BASE}/councils/:id/export.csv`, async (request, reply) => {
    const { user } = requireUser(request);
    const c = await council(user, request.params.id);
    const now = ctx.clock.now();
    const r = await councilReport(q, c.id, now.toISOString(), now.toISOString(), now);
    const out = devicesCsv(r.devices);
    await auditBy(
      q,
      { user, ip: request.ip, at: now },
      {
        councilId: c.id,
        action: "export.csv",
        target: c.id,
        detail: { devices: r.devices.length },
      },
    );
    const name = `ward-${c.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${now.toISOString().slice(0, 10)}.csv`;
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${name}"`)
      .send(`\uFEFF${out}`);
  });

  registerOverviewApi(app, ctx);

  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
    `${BASE}/api/councils/:id/devices`,
    async (request) => {
      const { user } = requireUser(request);
      const c = await council(user, request.params.id);
      return councilMatrix(q, ctx.clock.now(), matrixQuery(c.id, request.query));
    },
  );

  app.get<{ Params: { id: string } }>(`${BASE}/api/devices/:id`, async (request) => {
    const { user } = requireUser(request);
    const d = await visibleDevice(ctx.db.kysely, user, request.params.id);
    const detail = await deviceDetail(q, d);
    return deviceJson(d, detail);
  });
}
