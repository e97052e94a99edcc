// Overview (provider roles): loads the estate's totals, one page of councils worst first (with its per-control counts),
// re-enrolments and trends; overview-view.ts draws them. A council's people land on their home instead.
import type { FastifyInstance } from "fastify";
import { cliCommand } from "../../config/cli-command.js";
import type { ServiceContext } from "../../services/context.js";
import { assertProvider, isProvider } from "../access.js";
import { BASE, page } from "../layout.js";
import { controlTotals, ESTATE_PAGE_SIZE, estatePage } from "../queries/estate.js";
import { overview } from "../queries/overview.js";
import { requireUser, sendPage } from "../request-context.js";
import { trendsSection } from "../trends/section.js";
import { overviewView } from "./overview-view.js";
import { reenrolmentSection } from "./reenrolments.js";

/** The council-name search and page from the query string; anything else is ignored (never an error page). */
export function overviewQuery(qs: Record<string, string | undefined>): { search: string; page: number } {
  return {
    // Control characters (NUL among them, which PostgreSQL refuses in text) can match nothing a person typed.
    search: String(qs.q ?? "")
      .replace(/[\u0000-\u001f\u007f]/g, "")
      .trim()
      .slice(0, 100),
    page: Math.min(10_000, Math.max(1, Number.parseInt(qs.page ?? "1", 10) || 1)),
  };
}

export function registerOverview(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Querystring: Record<string, string | undefined> }>(`${BASE}/`, async (request, reply) => {
    const { user, session } = requireUser(request);
    // A council's people land on their home (the verdict and what needs them); the provider keeps this overview.
    if (!isProvider(user) && user.councilId) return reply.redirect(`${BASE}/councils/${user.councilId}/home`, 303);
    assertProvider(user);
    const q = ctx.db.kysely;
    const now = ctx.clock.now();
    const wanted = overviewQuery(request.query);
    const estate = await estatePage(q, now, wanted);
    const [summaries, controls, reenrol, trends] = await Promise.all([
      overview(
        q,
        now,
        estate.councils.map((c) => c.id),
      ),
      controlTotals(q, ctx.db.dialect, now, estate.totals.devices),
      reenrolmentSection(ctx, user, session.csrf_token),
      estate.totals.councils ? trendsSection(ctx, null, "every council") : undefined,
    ]);
    const byId = new Map(summaries.map((s) => [s.id, s]));
    const body = overviewView({
      totals: estate.totals,
      controls,
      councils: estate.councils.map((rank) => ({ rank, summary: byId.get(rank.id) })),
      matching: estate.matching,
      search: wanted.search,
      page: wanted.page,
      pages: Math.max(1, Math.ceil(estate.matching / ESTATE_PAGE_SIZE)),
      pageSize: ESTATE_PAGE_SIZE,
      reenrol,
      decided: request.query.reenrol,
      trends,
      createCommand: cliCommand(ctx.config, "council create NAME"),
    });
    return sendPage(reply, page({ title: "Overview", user, csrf: session.csrf_token, body }));
  });
}
