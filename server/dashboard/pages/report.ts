// Printable compliance report per council for a date range: loads it and audits the view; report-view.ts draws it.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import type { ServiceContext } from "../../services/context.js";
import { audit } from "../audit.js";
import type { Html } from "../html.js";
import { BASE, page } from "../layout.js";
import { councilReport } from "../queries/report.js";
import { requireUser, sendPage } from "../request-context.js";
import { trendsSection } from "../trends/section.js";
import { visibleCouncil } from "../council-scope.js";
import { rangeErrorView, reportView } from "./report-view.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function reportRange(qs: { from?: string; to?: string }, now: Date): { from: string; to: string } {
  const to = DAY.test(qs.to ?? "") ? qs.to! : now.toISOString().slice(0, 10);
  const from = DAY.test(qs.from ?? "")
    ? qs.from!
    : new Date(Date.parse(`${to}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
  if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from > to)
    throw new AppError("usage", "The report's start date must be on or before its end date.");
  return { from, to };
}

export function registerReport(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    `${BASE}/councils/:id/report`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const council = await visibleCouncil(ctx.db.kysely, user, request.params.id);
      const now = ctx.clock.now();
      const title = `Compliance report · ${council.name}`;
      const send = (body: Html, status = 200) =>
        sendPage(reply, page({ title, user, csrf: session.csrf_token, councilId: council.id, body }), status);
      let range: { from: string; to: string };
      try {
        range = reportRange(request.query, now);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        // Dates that make no sense: the same form again, with what was typed and what to change.
        const from = String(request.query.from ?? "");
        const to = String(request.query.to ?? "");
        return send(rangeErrorView(from, to), 400);
      }
      const endExclusive = new Date(Date.parse(`${range.to}T00:00:00Z`) + 86_400_000).toISOString();
      const r = await councilReport(ctx.db.kysely, council.id, `${range.from}T00:00:00.000Z`, endExclusive, now);
      await audit(ctx.db.kysely, {
        at: now,
        userId: user.id,
        actor: user.email,
        councilId: council.id,
        action: "report.view",
        target: council.id,
        detail: range,
        ip: request.ip,
      });
      const trends = await trendsSection(ctx, council.id, council.name, {
        from: range.from,
        to: range.to,
        print: true,
      });
      return send(reportView({ council, range, r, trends, now, producedFor: user.email }));
    },
  );
}
