// USB approvals page: devices seen on the council's laptops, approve or revoke (who, when, why), and the history.
import type { FastifyInstance } from "fastify";
import { approvalFor, type UsbIdentity } from "../../../shared/controls/usb-approval.js";
import { AppError } from "../../../shared/errors.js";
import { Policy } from "../../../shared/schemas/policy.js";
import type { ServiceContext } from "../../services/context.js";
import { assertManage, canManageCouncil } from "../access.js";
import { approveUsb, parseIdentity, revokeUsb } from "../approvals.js";
import { audit, listAudit } from "../audit.js";
import { html } from "../html.js";
import { BASE, csrfField, page, when } from "../layout.js";
import { usbSeen } from "../queries/usb-seen.js";
import { requireUser, sendPage } from "../request-context.js";
import { visibleCouncil } from "../council-scope.js";

type Body = Record<string, string | undefined>;

export function registerApprovals(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  const deps = { db: ctx.db, clock: ctx.clock };

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>(`${BASE}/councils/:id/approvals`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const council = await visibleCouncil(q, user, request.params.id);
    const policy = Policy.parse(JSON.parse(council.policy_json));
    const seen = await usbSeen(q, council.id);
    const history = await listAudit(q, { councilId: council.id, actions: ["usb.approve", "usb.revoke"], limit: 200 });
    const manage = canManageCouncil(user, council.id);
    const csrf = session.csrf_token;
    const isApproved = (s: UsbIdentity) => {
      const a = approvalFor(s, policy.approvedUsbDevices);
      return a.status === "approved" ? a.approval : undefined;
    };
    const body = html`${request.query.done ? html`<p class="flash flash-ok" role="status">✔ Policy version ${policy.version} issued; laptops pick it up at their next check.</p>` : ""}
<h2>Seen on this council's laptops</h2>
<table><caption>USB storage devices seen</caption><thead><tr><th scope="col">Device</th><th scope="col">USB id and serial</th><th scope="col">Seen on</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${seen.map((s) => {
      const a = isApproved(s);
      const ids = s.vendorId && s.productId;
      return html`<tr class="usb-row"><td>${s.name}</td><td><code>${s.vendorId ?? "????"}:${s.productId ?? "????"}</code> ${s.serial ? html`serial <code>${s.serial}</code>` : "no serial"}</td>
<td>${s.seenOn.map((d, i) => html`${i ? ", " : ""}<a href="${BASE}/devices/${d.deviceId}">${d.hostname}</a>`)}<br><small>last ${when(s.lastSeen)}</small></td>
<td>${a ? html`<span class="s-pass">✔ Approved</span> by ${a.approvedBy}` : ids ? html`<span class="s-fail">✘ Not approved</span>` : html`<span class="s-unknown">? No USB id: cannot be approved</span>`}</td>
<td>${manage && !a && ids ? html`<form method="post" action="${BASE}/councils/${council.id}/approvals" class="approve">${csrfField(csrf)}
<input type="hidden" name="vendorId" value="${s.vendorId}"><input type="hidden" name="productId" value="${s.productId}"><input type="hidden" name="serial" value="${s.serial ?? ""}">
<input type="hidden" name="label" value="${s.name.slice(0, 200)}"><label>Why <input name="reason" required maxlength="500"></label> <button type="submit">Approve</button></form>` : ""}</td></tr>`;
    })}</tbody></table>
<h2>Approved devices (policy version ${policy.version})</h2>
<ul>${policy.approvedUsbDevices.map((a) => html`<li>${a.label} — <code>${a.vendorId}:${a.productId}</code> ${a.serial ? html`serial <code>${a.serial}</code>` : "any serial"}; approved by ${a.approvedBy}, ${when(a.approvedAt)}
${manage ? html`<form method="post" action="${BASE}/councils/${council.id}/approvals/revoke" class="inline">${csrfField(csrf)}<input type="hidden" name="vendorId" value="${a.vendorId}"><input type="hidden" name="productId" value="${a.productId}"><input type="hidden" name="serial" value="${a.serial ?? ""}"><label>Why <input name="reason" required maxlength="500"></label> <button type="submit">Revoke</button></form>` : ""}</li>`)}</ul>
<h2>History</h2>
<ul>${history.map((h) => html`<li>${when(h.at)} — ${h.action === "usb.approve" ? "✔ approved" : "✘ revoked"} ${detail(h.detail_json, "label")} by ${h.actor}: ${detail(h.detail_json, "reason")}</li>`)}</ul>`;
    return sendPage(reply, page({ title: `USB approvals · ${council.name}`, user, csrf, councilId: council.id, body }));
  });

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/councils/:id/approvals`, async (request, reply) => {
    const { user } = requireUser(request);
    assertManage(user, request.params.id);
    const id = parseIdentity(request.body);
    const reason = String(request.body.reason ?? "").trim().slice(0, 500);
    if (!reason) throw new AppError("usage", "Say why this device is approved (it goes in the audit log).");
    const { version, approval } = await approveUsb(deps, request.params.id, id, String(request.body.label ?? ""), user.email);
    await audit(q, { at: ctx.clock.now(), userId: user.id, actor: user.email, councilId: request.params.id, action: "usb.approve", target: `${id.vendorId}:${id.productId}:${id.serial ?? "*"}`, detail: { label: approval.label, reason, policyVersion: version }, ip: request.ip });
    return reply.redirect(`${BASE}/councils/${request.params.id}/approvals?done=1`, 303);
  });

  app.post<{ Params: { id: string }; Body: Body }>(`${BASE}/councils/:id/approvals/revoke`, async (request, reply) => {
    const { user } = requireUser(request);
    assertManage(user, request.params.id);
    const id = parseIdentity(request.body);
    const reason = String(request.body.reason ?? "").trim().slice(0, 500);
    if (!reason) throw new AppError("usage", "Say why the approval is revoked (it goes in the audit log).");
    const { version, removed } = await revokeUsb(deps, request.params.id, id);
    await audit(q, { at: ctx.clock.now(), userId: user.id, actor: user.email, councilId: request.params.id, action: "usb.revoke", target: `${id.vendorId}:${id.productId}:${id.serial ?? "*"}`, detail: { label: removed.label, reason, policyVersion: version }, ip: request.ip });
    return reply.redirect(`${BASE}/councils/${request.params.id}/approvals?done=1`, 303);
  });
}

function detail(json: string, key: string): string {
  try {
    const v = (JSON.parse(json) as Record<string, unknown>)[key];
    return typeof v === "string" ? v : "";
  } catch {
    return "";
  }
}
