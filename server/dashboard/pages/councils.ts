// Councils (provider admin): loads the list with each policy, adds a council (the CLI's createCouncil). Drawn by councils-view.
import type { FastifyInstance } from "fastify";
import { AppError, isAppError } from "../../../shared/errors.js";
import { createCouncil, listCouncils } from "../../services/admin.js";
import { storedPolicy } from "../../services/council-policy.js";
import type { ServiceContext } from "../../services/context.js";
import type { DashUser } from "../access.js";
import { audit } from "../audit.js";
import { BASE, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { councilsView } from "./councils-view.js";

/** Councils and their policies are the provider admin's (a technician enrols laptops; councils see their own). */
export function assertProviderAdmin(user: DashUser): void {
  if (user.role !== "provider-admin")
    throw new AppError("forbidden", "Only a provider admin can add councils or change their policies.");
}

export function registerCouncilsPage(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };
  const render = async (user: DashUser, csrf: string, o: { name?: string; error?: string } = {}) => {
    const councils = await listCouncils(ctx.db.kysely);
    const rows = councils.map((c) => ({ ...c, policy: storedPolicy(c) }));
    return page({ title: "Councils", user, csrf, body: councilsView({ councils: rows, csrf, ...o }) });
  };

  app.get(`${BASE}/councils`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProviderAdmin(user);
    return sendPage(reply, await render(user, session.csrf_token));
  });

  app.post<{ Body: Record<string, string | undefined> }>(`${BASE}/councils`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertProviderAdmin(user);
    const name = String(request.body.name ?? "");
    let created: Awaited<ReturnType<typeof createCouncil>>;
    try {
      created = await createCouncil(deps, name);
    } catch (err) {
      if (!isAppError(err) || (err.code !== "usage" && err.code !== "conflict")) throw err;
      return sendPage(reply, await render(user, session.csrf_token, { name, error: err.message }), 400);
    }
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: created.id,
      action: "council.create",
      target: created.id,
      detail: { name: created.name },
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/councils/${created.id}/policy?created=1`, 303);
  });
}
