// The DSFM's home (/dashboard/councils/:id/home, where a council's people land after signing in): load, then draw.
import type { FastifyInstance } from "fastify";
import { sticksToApprove } from "../../services/approve-link.js";
import type { ServiceContext } from "../../services/context.js";
import { councilPolicy } from "../../services/policy.js";
import { canManageCouncil } from "../access.js";
import { visibleCouncil } from "../council-scope.js";
import { BASE, page } from "../layout.js";
import { loadHome } from "../queries/home.js";
import { requireUser, sendPage } from "../request-context.js";
import { stickLinks } from "./device-load.js";
import { buildTodo, type StickLinksByDevice } from "./home-todo.js";
import { homeView } from "./home-view.js";

export function registerHome(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Params: { id: string } }>(`${BASE}/councils/:id/home`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const council = await visibleCouncil(ctx.db.kysely, user, request.params.id);
    const now = ctx.clock.now();
    const data = await loadHome(ctx.db.kysely, council.id, now);
    const approved = councilPolicy(council).approvedUsbDevices;
    // Each failing usb-storage result: links for the sticks the council could approve. A result whose sticks are all
    // approved already is waiting for the laptop's next report (an empty entry: no to-do); one whose sticks Ward
    // could not identify stays an ordinary failing check (no entry: ask the IT provider).
    const sticks: StickLinksByDevice = new Map();
    const waiting: string[] = [];
    for (const p of data.problems) {
      if (p.control !== "usb-storage" || p.status !== "fail") continue;
      const facts = p.result?.facts;
      const links = await stickLinks(ctx, { councilId: council.id, deviceId: p.deviceId }, facts, approved, "home");
      if (links.length) sticks.set(p.deviceId, links);
      else if (sticksToApprove(facts, []).length) {
        sticks.set(p.deviceId, []);
        waiting.push(p.hostname);
      }
    }
    const body = homeView({
      councilId: council.id,
      councilName: council.name,
      devices: data.devices,
      meeting: data.meeting,
      todo: buildTodo(data, sticks, now),
      waiting,
      manage: canManageCouncil(user, council.id),
    });
    return sendPage(reply, page({ title: council.name, user, csrf: session.csrf_token, councilId: council.id, body }));
  });
}
