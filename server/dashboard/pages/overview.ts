// Overview (provider roles): loads every council's summary, re-enrolments and trends; overview-view.ts draws them.
import type { FastifyInstance } from "fastify";
import { cliCommand } from "../../config/cli-command.js";
import type { ServiceContext } from "../../services/context.js";
import { isProvider } from "../access.js";
import { BASE, page } from "../layout.js";
import { overview } from "../queries/overview.js";
import { requireUser, sendPage } from "../request-context.js";
import { trendsSection } from "../trends/section.js";
import { overviewView } from "./overview-view.js";
import { reenrolmentSection } from "./reenrolments.js";

export function registerOverview(app: FastifyInstance, ctx: ServiceContext): void {
  app.get(`${BASE}/`, async (request, reply) => {
    const { user, session } = requireUser(request);
    // A council's people land on their home (the verdict and what needs them); the provider keeps this overview.
    if (!isProvider(user) && user.councilId) return reply.redirect(`${BASE}/councils/${user.councilId}/home`, 303);
    const councils = await overview(ctx.db.kysely, ctx.clock.now(), isProvider(user) ? null : user.councilId);
    const reenrol = await reenrolmentSection(ctx, user, session.csrf_token);
    const decided = (request.query as Record<string, string | undefined>).reenrol;
    const trends = isProvider(user) && councils.length ? await trendsSection(ctx, null, "every council") : undefined;
    const createCommand = cliCommand(ctx.config, "council create NAME");
    const body = overviewView({ councils, reenrol, decided, trends, createCommand });
    return sendPage(reply, page({ title: "Overview", user, csrf: session.csrf_token, body }));
  });
}
