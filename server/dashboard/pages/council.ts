// Council page: loads the device matrix asked for (search, filter, sort, page) and trends; council-view.ts draws them.
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../../services/context.js";
import { isProvider } from "../access.js";
import { visibleCouncil } from "../council-scope.js";
import { BASE, page } from "../layout.js";
import { councilMatrix, FILTERS, type Filter, type MatrixQuery, SORTS, type Sort } from "../queries/council-devices.js";
import { requireUser, sendPage } from "../request-context.js";
import { trendsSection } from "../trends/section.js";
import { councilView } from "./council-view.js";

export function matrixQuery(councilId: string, qs: Record<string, string | undefined>): MatrixQuery {
  const filter = (FILTERS as readonly string[]).includes(qs.filter ?? "") ? (qs.filter as Filter) : "all";
  const sort = (SORTS as readonly string[]).includes(qs.sort ?? "") ? (qs.sort as Sort) : "hostname";
  const pageNo = Math.min(10_000, Math.max(1, Number.parseInt(qs.page ?? "1", 10) || 1));
  return { councilId, search: String(qs.q ?? "").slice(0, 100), filter, sort, page: pageNo };
}

export function registerCouncilPage(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>(
    `${BASE}/councils/:id`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const council = await visibleCouncil(ctx.db.kysely, user, request.params.id);
      const m = matrixQuery(council.id, request.query);
      const { rows, total, silenceHours } = await councilMatrix(ctx.db.kysely, ctx.clock.now(), m);
      const trends = await trendsSection(ctx, council.id, council.name);
      const body = councilView({ council, m, rows, total, silenceHours, provider: isProvider(user), trends });
      return sendPage(
        reply,
        page({ title: `Check results · ${council.name}`, user, csrf: session.csrf_token, councilId: council.id, body }),
      );
    },
  );
}
