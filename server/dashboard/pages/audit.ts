// Audit log page: loads every administrative action and login (provider roles all, a council manager their council's);
// audit-view.ts draws it.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import type { ServiceContext } from "../../services/context.js";
import { isProvider } from "../access.js";
import { AUDIT_PAGE, listAudit } from "../audit.js";
import { auditNames } from "../queries/audit-names.js";
import { BASE, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { auditView } from "./audit-view.js";

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
    const olderBefore = rows.length === AUDIT_PAGE && last ? last.at : null;
    const body = auditView({ rows, names, olderBefore });
    return sendPage(reply, page({ title: "Audit log", user, csrf: session.csrf_token, body }));
  });
}
