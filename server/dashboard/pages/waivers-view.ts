// A council's waivers page view: every waiver with device, control, reason, approver and expiry; revoke those in force.
import { controlTitle } from "../../../shared/controls/index.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";
import type { councilWaivers } from "../queries/waivers.js";

export interface WaiversPage {
  rows: Awaited<ReturnType<typeof councilWaivers>>;
  /** Now, as an ISO string: a waiver is in force until it expires. */
  now: string;
  /** May revoke (the council's manager or a provider role). */
  manage: boolean;
  csrf: string;
}

export function waiversView(p: WaiversPage): Html {
  const { rows, now, manage, csrf } = p;
  return html`<p>Add a waiver from the device's page. Every waiver has an expiry date: there are no permanent snoozes.</p>
<table><caption>Waivers</caption><thead><tr><th scope="col">Device</th><th scope="col">Control</th><th scope="col">Reason</th>
<th scope="col">Approved by</th><th scope="col">State</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${rows.map((w) => {
    const active = !w.revoked_at && w.expires_at > now;
    return html`<tr><td><a href="${BASE}/devices/${w.device_id}">${w.hostname}</a></td><td>${controlTitle(w.control)}</td>
<td>${w.reason}</td><td>${w.approved_by}<br><small>${when(w.created_at)}</small></td>
<td>${w.revoked_at ? html`✘ revoked ${when(w.revoked_at)} by ${w.revoked_by}` : active ? html`‖ in force until ${when(w.expires_at)}` : html`– expired ${when(w.expires_at)}`}</td>
<td>${manage && active ? html`<form method="post" action="${BASE}/waivers/${w.id}/revoke">${csrfField(csrf)}<button type="submit">Revoke</button></form>` : ""}</td></tr>`;
  })}</tbody></table>`;
}
