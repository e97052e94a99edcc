// Waivers of a council: every waiver with device, control, reason, approver and expiry; revoke those in force.
import type { FastifyInstance } from "fastify";
import { controlTitle } from "../../../shared/controls/index.js";
import type { ServiceContext } from "../../services/context.js";
import { canManageCouncil } from "../access.js";
import { html } from "../html.js";
import { BASE, csrfField, page, when } from "../layout.js";
import { councilWaivers } from "../queries/waivers.js";
import { requireUser, sendPage } from "../request-context.js";
import { visibleCouncil } from "../council-scope.js";
import { registerWaiverForm } from "./waiver-form.js";

export function registerWaiversPage(app: FastifyInstance, ctx: ServiceContext): void {
  registerWaiverForm(app, ctx);
  app.get<{ Params: { id: string } }>(`${BASE}/councils/:id/waivers`, async (request, reply) => {
    const { user, session } = requireUser(request);
    const council = await visibleCouncil(ctx.db.kysely, user, request.params.id);
    const now = ctx.clock.now().toISOString();
    const rows = await councilWaivers(ctx.db.kysely, council.id);
    const manage = canManageCouncil(user, council.id);
    const body = html`<p>Add a waiver from the device's page. Every waiver has an expiry date: there are no permanent snoozes.</p>
<table><caption>Waivers</caption><thead><tr><th scope="col">Device</th><th scope="col">Control</th><th scope="col">Reason</th>
<th scope="col">Approved by</th><th scope="col">State</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${rows.map((w) => {
      const active = !w.revoked_at && w.expires_at > now;
      return html`<tr><td><a href="${BASE}/devices/${w.device_id}">${w.hostname}</a></td><td>${controlTitle(w.control)}</td>
<td>${w.reason}</td><td>${w.approved_by}<br><small>${when(w.created_at)}</small></td>
<td>${w.revoked_at ? html`✘ revoked ${when(w.revoked_at)} by ${w.revoked_by}` : active ? html`‖ in force until ${when(w.expires_at)}` : html`– expired ${when(w.expires_at)}`}</td>
<td>${manage && active ? html`<form method="post" action="${BASE}/waivers/${w.id}/revoke">${csrfField(session.csrf_token)}<button type="submit">Revoke</button></form>` : ""}</td></tr>`;
    })}</tbody></table>`;
    return sendPage(
      reply,
      page({ title: `Waivers · ${council.name}`, user, csrf: session.csrf_token, councilId: council.id, body }),
    );
  });
}
