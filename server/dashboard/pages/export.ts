// CSV export of a council's devices and results (audited), and the JSON API the dashboard and the bench use.
import type { FastifyInstance } from "fastify";
import { CONTROLS } from "../../../shared/controls/index.js";
import type { ServiceContext } from "../../services/context.js";
import { type DashUser, isProvider } from "../access.js";
import { audit } from "../audit.js";
import { csvLine } from "../csv.js";
import { BASE } from "../layout.js";
import { councilMatrix } from "../queries/council-devices.js";
import { deviceDetail, parseResult } from "../queries/device-detail.js";
import { overview } from "../queries/overview.js";
import { councilReport } from "../queries/report.js";
import { requireUser } from "../request-context.js";
import { visibleCouncil } from "../council-scope.js";
import { matrixQuery } from "./council.js";
import { visibleDevice } from "./device.js";

export function registerExport(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  const council = (user: DashUser, id: string) => visibleCouncil(q, user, id);

  app.get<{ Params: { id: string } }>(`${BASE}/councils/:id/export.csv`, async (request, reply) => {
    const { user } = requireUser(request);
    const c = await council(user, request.params.id);
    const now = ctx.clock.now();
    const r = await councilReport(q, c.id, now.toISOString(), now.toISOString(), now);
    let out = csvLine([
      "device_id",
      "hostname",
      "serial",
      "model",
      "asset_number",
      "assigned_user",
      "location",
      "last_seen",
      ...CONTROLS.map((c) => c.title),
    ]);
    for (const d of r.devices) {
      out += csvLine([
        d.id,
        d.hostname,
        d.serial,
        d.model,
        d.asset_number,
        d.assigned_user,
        d.location,
        d.last_seen_at,
        ...CONTROLS.map((c) => d.results[c.id] ?? ""),
      ]);
    }
    await audit(q, {
      at: now,
      userId: user.id,
      actor: user.email,
      councilId: c.id,
      action: "export.csv",
      target: c.id,
      detail: { devices: r.devices.length },
      ip: request.ip,
    });
    const name = `ward-${c.name.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${now.toISOString().slice(0, 10)}.csv`;
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${name}"`)
      .send(`\uFEFF${out}`);
  });

  app.get(`${BASE}/api/overview`, async (request) => {
    const { user } = requireUser(request);
    return { councils: await overview(q, ctx.clock.now(), isProvider(user) ? null : (user.councilId ?? "-")) };
  });

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
    const d = await visibleDevice(ctx, user, request.params.id);
    const detail = await deviceDetail(q, d);
    return {
      device: {
        id: d.id,
        councilId: d.council_id,
        hostname: d.hostname,
        serial: d.serial,
        model: d.model,
        lastSeenAt: d.last_seen_at,
      },
      results: detail.results.map((r) => parseResult(r.result_json)),
      chain: detail.chain,
      asset: detail.asset ?? null,
    };
  });
}
