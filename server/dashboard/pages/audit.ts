// Audit log: every administrative action and login; provider roles see all, a council manager their council's.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import type { ServiceContext } from "../../services/context.js";
import { isProvider } from "../access.js";
import { AUDIT_PAGE, listAudit } from "../audit.js";
import { auditNames, detailWords, didWords, targetWords } from "../audit-words.js";
import { html } from "../html.js";
import { BASE, page, when } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";

export function registerAudit(app: FastifyInstance, ctx: ServiceContext): void {
  app.get<{ Querystring: { before?: string } }>(`${BASE}/audit`, async (request, reply) => {
    const { user, session } = requireUser(request);
    if (!isProvider(user) && user.role !== "council-manager")
      throw new AppError("forbidden", "Your role cannot read the audit log.");
    const before = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(request.query.before ?? "") ? request.query.before : undefined;
    const rows = await listAudit(ctx.db.kysely, {
      ...(isProvider(user) ? {} : { councilId: user.councilId ?? "-" }),
      ...(before ? { before } : {}),
    });
    const last = rows.at(-1);
    const names = await auditNames(ctx.db.kysely, rows);
    const body = html`<table class="audit stack"><caption>Newest first</caption><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Did what</th><th scope="col">To</th><th scope="col">Detail</th><th scope="col">From</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td data-label="When">${when(r.at)}</td><td data-label="Who">${r.actor}</td><td data-label="Did what">${didWords(r.action)}</td><td data-label="To">${targetWords(r, names)}</td><td data-label="Detail">${detailWords(r.detail_json)}</td><td data-label="From"><code>${r.ip}</code></td></tr>`)}</tbody></table>
${rows.length === AUDIT_PAGE && last ? html`<p><a href="${BASE}/audit?before=${encodeURIComponent(last.at)}">Older entries →</a></p>` : ""}`;
    return sendPage(reply, page({ title: "Audit log", user, csrf: session.csrf_token, body }));
  });
}
