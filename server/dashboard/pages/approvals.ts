// USB approvals page routes: load what the page shows (approvals-view.ts draws it), approve or revoke (who, when, why).
import type { FastifyInstance } from "fastify";
import { approvalTarget } from "../../../shared/controls/usb-approval-id.js";
import { AppError } from "../../../shared/errors.js";
import { Policy } from "../../../shared/schemas/policy.js";
import type { ServiceContext } from "../../services/context.js";
import { assertManage, canManageCouncil } from "../access.js";
import { approveUsbAudited, parseIdentity, revokeUsb } from "../approvals.js";
import { audit, listAudit } from "../audit.js";
import { BASE, page } from "../layout.js";
import { usbSeen } from "../queries/usb-seen.js";
import { visibleCouncil } from "../council-scope.js";
import { requireUser, sendPage } from "../request-context.js";
import { approvalsView } from "./approvals-view.js";

type Body = Record<string, string | undefined>;

export function registerApprovals(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  const deps = { db: ctx.db, clock: ctx.clock };

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(
    `${BASE}/councils/:id/approvals`,
    async (request, reply) => {
      const { user, session } = requireUser(request);
      const council = await visibleCouncil(q, user, request.params.id);
      const policy = Policy.parse(JSON.parse(council.policy_json));
      const seen = await usbSeen(q, council.id);
      const history = await listAudit(q, { councilId: council.id, actions: ["usb.approve", "usb.revoke"], limit: 200 });
      const manage = canManageCouncil(user, council.id);
      const csrf = session.csrf_token;
      const body = approvalsView({
        councilId: council.id,
        policy,
        seen,
        history,
        manage,
        csrf,
        done: Boolean(request.query.done),
      });
      return sendPage(
        reply,
        page({ title: `USB approvals · ${council.name}`, user, csrf, councilId: council.id, body }),
      );
    },
  );

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/councils/:id/approvals`, async (request, reply) => {
    const { user } = requireUser(request);
    assertManage(user, request.params.id);
    const id = parseIdentity(request.body);
    const reason = String(request.body.reason ?? "")
      .trim()
      .slice(0, 500);
    if (!reason) throw new AppError("usage", "Say why this device is approved (it goes in the audit log).");
    if (id.serial === null && request.body.everyOfModel !== "1") {
      throw new AppError(
        "usage",
        `This stick has no serial number, so approving it would approve every "${String(request.body.label ?? "").slice(0, 200) || "stick of this model"}" (USB id ${id.vendorId}:${id.productId}). Tick "Approve every …" to confirm that.`,
      );
    }
    await approveUsbAudited(
      deps,
      { user, ip: request.ip },
      request.params.id,
      id,
      String(request.body.label ?? ""),
      reason,
    );
    return reply.redirect(`${BASE}/councils/${request.params.id}/approvals?done=1`, 303);
  });

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/councils/:id/approvals/revoke`, async (request, reply) => {
    const { user } = requireUser(request);
    assertManage(user, request.params.id);
    const id = parseIdentity(request.body);
    const reason = String(request.body.reason ?? "")
      .trim()
      .slice(0, 500);
    if (!reason) throw new AppError("usage", "Say why the approval is revoked (it goes in the audit log).");
    const { version, removed } = await revokeUsb(deps, request.params.id, id);
    await audit(q, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: request.params.id,
      action: "usb.revoke",
      target: approvalTarget(id),
      detail: { label: removed.label, serial: id.serial, reason, policyVersion: version },
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/councils/${request.params.id}/approvals?done=1`, 303);
  });
}
