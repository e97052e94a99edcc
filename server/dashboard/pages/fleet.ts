// The device list across councils (`/dashboard/devices`) and its CSV: a DSFM gets the same page for their council only.
import type { FastifyInstance, FastifyReply } from "fastify";
import { DEFAULT_ALERT_SETTINGS } from "../../alerts/settings.js";
import { silenceHoursOf } from "../../alerts/settings-store.js";
import type { ServiceContext } from "../../services/context.js";
import { canManageCouncil, type DashUser, isProvider } from "../access.js";
import { audit } from "../audit.js";
import { BASE, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { fleetCsv } from "./fleet-csv.js";
import { loadFleet, type Qs, scopedQuery } from "./fleet-load.js";
import { type FleetViewOptions, fleetView } from "./fleet-view.js";

const DONE: Record<string, string> = {
  waiver: "Waiver added to each selected device.",
  acknowledge: "Open integrity events of the selected devices acknowledged.",
};

/** Renders the list page (also after a bulk action that was refused, with the message and what was typed). */
export async function sendFleetPage(
  ctx: ServiceContext,
  reply: FastifyReply,
  user: DashUser,
  csrf: string,
  qs: Qs,
  extra: Pick<FleetViewOptions, "done" | "error" | "typed"> = {},
  status = 200,
): Promise<FastifyReply> {
  const data = await loadFleet(ctx, user, qs);
  const hours = data.m.councilId
    ? (await silenceHoursOf(ctx.db.kysely, [data.m.councilId])).get(data.m.councilId)
    : null;
  const silenceNote = hours
    ? `A device is silent when it has not reported for ${hours} hours (this council's alert setting).`
    : `A device is silent when it has not reported for as long as its own council's alert setting says (${DEFAULT_ALERT_SETTINGS.silenceHours} hours unless the council changed it).`;
  const manage = data.m.councilId ? canManageCouncil(user, data.m.councilId) : isProvider(user);
  const body = fleetView(data, { csrf, manage, silenceNote, now: ctx.clock.now(), ...extra });
  const title = data.councilName ? `Laptops · ${data.councilName}` : "All devices";
  return sendPage(reply, page({ title, user, csrf, councilId: data.m.councilId, body }), status);
}

export function registerFleet(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Querystring: Qs }>(`${BASE}/devices`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const done = DONE[request.query.done ?? ""];
    return sendFleetPage(ctx, reply, user, session.csrf_token, request.query, done ? { done } : {});
  });

  app.get<{ Querystring: Qs }>(`${BASE}/devices.csv`, async (request, reply) => {
    const { user } = requireUser(request);
    const m = await scopedQuery(ctx, user, request.query);
    const now = ctx.clock.now();
    const { text, rows } = await fleetCsv(ctx.db.kysely, now, m);
    await audit(ctx.db.kysely, {
      at: now,
      userId: user.id,
      actor: user.email,
      councilId: m.councilId,
      action: "export.csv",
      target: m.councilId,
      detail: { devices: rows, list: request.url.split("?")[1] ?? "" },
      ip: request.ip,
    });
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="ward-devices-${now.toISOString().slice(0, 10)}.csv"`)
      .send(`\uFEFF${text}`);
  });
}
