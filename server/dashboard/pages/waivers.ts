// Waivers of a council: loads every waiver with its device (queries/waivers.ts); waivers-view.ts draws them.
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../../services/context.js";
import { canManageCouncil } from "../access.js";
import { BASE, page } from "../layout.js";
import { councilWaivers } from "../queries/waivers.js";
import { requireUser, sendPage } from "../request-context.js";
import { visibleCouncil } from "../council-scope.js";
import { registerWaiverForm } from "./waiver-form.js";
import { waiversView } from "./waivers-view.js";

export function registerWaiversPage(app: FastifyInstance, ctx: ServiceContext): void {
  registerWaiverForm(app, ctx);
  app.get<{ Params: { id: string } }>(`${BASE}/councils/:id/waivers`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const council = await visibleCouncil(ctx.db.kysely, user, request.params.id);
    const now = ctx.clock.now().toISOString();
    const rows = await councilWaivers(ctx.db.kysely, council.id);
    const manage = canManageCouncil(user, council.id);
    const body = waiversView({ rows, now, manage, csrf: session.csrf_token });
    return sendPage(
      reply,
      page({ title: `Waivers · ${council.name}`, user, csrf: session.csrf_token, councilId: council.id, body }),
    );
  });
}
