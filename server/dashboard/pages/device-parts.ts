// Device page sections: report chain status, the asset register form and the waivers list and form.
import type { Selectable } from "kysely";
import { controlTitle } from "../../../shared/controls/index.js";
import type { IntegrityEventRow } from "../../stores/event-store.js";
import type { DeviceRow } from "../../stores/device-store.js";
import type { WaiverRow } from "../../stores/waiver-store.js";
import { waiverForm } from "./waiver-form-view.js";
import { canManageCouncil, type DashUser } from "../access.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";
import type { ChainStatus } from "../queries/device-detail.js";
import type { DeviceAssetsTable } from "../tables.js";

export function chainSection(c: ChainStatus, events: IntegrityEventRow[], ack: { csrf: string } | null): Html {
  const verified = c.gaps === 0 && c.forks === 0;
  return html`<h2>Report chain</h2>
<p>${verified ? html`<span class="s-pass">✔ Verified</span>: every report was signed by this device and joins the one before it.` : html`<span class="s-fail">⚠ Problems found</span>: ${c.gaps} gap(s), ${c.forks} fork(s).`}
${c.accepted} report(s) accepted, ${c.rejected} refused; last sequence number ${c.lastSeq}.</p>
${events.length ? html`<ul>${events.map((e) => html`<li>${when(e.created_at)} — <strong>${e.kind}</strong>${e.seq !== null ? html` at seq ${e.seq}` : ""}${e.acknowledged_at ? html` (✔ acknowledged ${when(e.acknowledged_at)})` : html` (⚠ open)${ack ? html` <form method="post" action="${BASE}/events/${e.id}/acknowledge" class="inline">${csrfField(ack.csrf)}<button type="submit">Acknowledge</button></form>` : ""}`}</li>`)}</ul>` : ""}`;
}

export function assetForm(
  user: DashUser,
  d: DeviceRow,
  a: Selectable<DeviceAssetsTable> | undefined,
  csrf: string,
): Html {
  const fields = html`<dl class="facts"><dt>Asset number</dt><dd>${a?.asset_number || "—"}</dd><dt>Assigned user</dt><dd>${a?.assigned_user || "—"}</dd>
<dt>Location</dt><dd>${a?.location || "—"}</dd></dl>${a ? html`<p><small>Last edited ${when(a.updated_at)} by ${a.updated_by}</small></p>` : ""}`;
  if (!canManageCouncil(user, d.council_id)) return html`<h2>Asset register</h2>${fields}`;
  return html`<h2>Asset register</h2>
<form method="post" action="${BASE}/devices/${d.id}/asset" class="card">
  ${csrfField(csrf)}
  <label for="asset_number">Asset number</label><input id="asset_number" name="asset_number" maxlength="100" value="${a?.asset_number ?? ""}">
  <label for="assigned_user">Assigned user</label><input id="assigned_user" name="assigned_user" maxlength="200" value="${a?.assigned_user ?? ""}">
  <label for="location">Location</label><input id="location" name="location" maxlength="200" value="${a?.location ?? ""}">
  <button type="submit">Save asset details</button>
</form>
${a ? html`<p><small>Last edited ${when(a.updated_at)} by ${a.updated_by}</small></p>` : ""}`;
}

export function waiverSection(
  user: DashUser,
  d: DeviceRow,
  waivers: WaiverRow[],
  _controls: readonly string[],
  csrf: string,
  now: string,
  /** The control to start the form on (a to-do's "waive it" or "renew the waiver" link). */
  preselect?: string,
): Html {
  const manage = canManageCouncil(user, d.council_id);
  return html`<h2>Waivers</h2>
${
  waivers.length
    ? html`<ul>${waivers.map(
        (w) => html`<li>${controlTitle(w.control)}: ${w.reason} — approved by ${w.approved_by}, ${when(w.created_at)};
  ${w.revoked_at ? html`revoked ${when(w.revoked_at)} by ${w.revoked_by}` : w.expires_at <= now ? html`expired ${when(w.expires_at)}` : html`until ${when(w.expires_at)}`}</li>`,
      )}</ul>`
    : html`<p>No waivers.</p>`
}
${manage ? waiverForm(d.id, csrf, new Date(now), preselect ? { control: preselect } : {}) : ""}`;
}
