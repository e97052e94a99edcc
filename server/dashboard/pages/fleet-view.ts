// The device list's view: filters, the list (worst first), the CSV link, bulk actions on the selected devices, pages.
import { controlTitle } from "../../../shared/controls/index.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, statusBadge, when } from "../layout.js";
import { type DeviceListRow, LIST_CONTROLS } from "../queries/device-list.js";
import type { FleetData } from "./fleet-load.js";
import { listSearch } from "./fleet-load.js";

export interface FleetViewOptions {
  csrf: string;
  /** The user may add waivers and acknowledge events (a provider, or the council's manager). */
  manage: boolean;
  silenceNote: string;
  /** After a bulk action: what was done, or what was wrong (with what was typed, so nothing is lost). */
  done?: string;
  error?: string;
  typed?: { control?: string; reason?: string; expires?: string };
  now: Date;
}

function option(value: string, current: string | null, label: string): Html {
  return html`<option value="${value}"${value === (current ?? "") ? html` selected` : ""}>${label}</option>`;
}

const STATUS_WORDS: [string, string][] = [
  ["", "any status"],
  ["fail", "✘ failing"],
  ["unknown", "? unknown"],
  ["waived", "‖ waived"],
  ["pass", "✔ passing"],
  ["not_applicable", "– not applicable"],
  ["none", "· no result"],
];

function filters(d: FleetData, o: FleetViewOptions): Html {
  const m = d.m;
  return html`<form method="get" action="${BASE}/devices" class="filters" role="search">
  <label for="q">Search</label> <input id="q" name="q" value="${m.search}" placeholder="hostname, serial, asset, user, council">
  ${d.councils.length ? html`<label for="council">Council</label> <select id="council" name="council">${option("", m.councilId, "All councils")}${d.councils.map((c) => option(c.id, m.councilId, c.name))}</select>` : ""}
  <label for="control">Control</label> <select id="control" name="control">${option("", m.control, "Any control")}${LIST_CONTROLS.map((c) => option(c, m.control, controlTitle(c)))}</select>
  <label for="status">Status</label> <select id="status" name="status">${STATUS_WORDS.map(([v, w]) => option(v, m.status, w))}</select>
  <label for="os">System</label> <select id="os" name="os">${option("", m.os, "Any")}${option("windows", m.os, "Windows")}${option("macos", m.os, "macOS")}${option("linux", m.os, "Linux")}</select>
  <label class="check"><input type="checkbox" name="silent" value="1"${m.silent ? html` checked` : ""}> Silent only</label>
  <label for="sort">Sort by</label> <select id="sort" name="sort">${option("worst", m.sort, "Worst first")}${option("last-seen", m.sort, "Longest silent")}${option("hostname", m.sort, "Name")}${option("council", m.sort, "Council")}</select>
  <button type="submit">Apply</button>
  <a href="${BASE}/devices.csv${listSearch(m, 1)}" download>Download this list (CSV)</a>
</form>
<p><small>${o.silenceNote}</small></p>`;
}

/** The controls that need attention, each as symbol, word and control name; a clean device says so. */
function problems(r: DeviceListRow): Html {
  const order = ["fail", "unknown", "waived"];
  const bad = LIST_CONTROLS.filter((c) => order.includes(r.results[c] ?? "")).sort(
    (a, b) => order.indexOf(r.results[a]!) - order.indexOf(r.results[b]!),
  );
  if (bad.length) return html`${bad.map((c) => html`${statusBadge(r.results[c]!)} ${controlTitle(c)}<br>`)}`;
  return Object.keys(r.results).length ? html`<span class="s-pass">✔ nothing to fix</span>` : statusBadge("none");
}

function row(r: DeviceListRow, manage: boolean, council: boolean): Html {
  return html`<tr>
  ${manage ? html`<td data-label="Select"><input type="checkbox" name="device" value="${r.id}" form="bulk" aria-label="Select ${r.hostname}"></td>` : ""}
  <th scope="row"><a href="${BASE}/devices/${r.id}">${r.hostname}</a><br><small>${r.model} · ${r.osName} ${r.osVersion} · serial ${r.serial}</small></th>
  <td data-label="Needs attention">${problems(r)}</td>
  ${council ? html`<td data-label="Council"><a href="${BASE}/councils/${r.councilId}">${r.councilName}</a></td>` : ""}
  <td data-label="Last report">${when(r.lastSeen)}${r.silent ? html`<br><span class="s-fail">⚠ silent</span>` : ""}</td>
  <td data-label="Asset / user">${r.assetNumber ?? html`<span class="muted">not logged</span>`}${r.assignedUser ? html`<br><small>${r.assignedUser}</small>` : ""}</td>
  <td data-label="Open events" class="num">${r.openEvents ? html`<a href="${BASE}/devices/${r.id}" class="s-fail">⚠ ${r.openEvents}</a>` : html`<span class="s-pass">✔ 0</span>`}</td>
</tr>`;
}

function bulkForm(d: FleetData, o: FleetViewOptions): Html {
  const day = (ms: number) => new Date(o.now.getTime() + ms).toISOString().slice(0, 10);
  const t = o.typed ?? {};
  return html`<details class="card no-print"${o.error ? html` open` : ""}><summary>Act on the selected devices</summary>
<form method="post" action="${BASE}/devices/bulk" id="bulk">
  ${csrfField(o.csrf)}<input type="hidden" name="back" value="${listSearch(d.m)}">
  <fieldset><legend>Add a waiver to each selected device</legend>
  <label for="bulk-control">Control</label> <select id="bulk-control" name="control">${LIST_CONTROLS.map((c) => option(c, t.control ?? null, controlTitle(c)))}</select>
  <label for="bulk-reason">Reason</label> <input id="bulk-reason" name="reason" maxlength="500" value="${t.reason ?? ""}">
  <label for="bulk-expires">Expires on (at most a year)</label> <input id="bulk-expires" name="expires" type="date" min="${day(86_400_000)}" max="${day(365 * 86_400_000)}" value="${t.expires ?? ""}">
  <button type="submit" name="action" value="waiver">Add waiver to selected</button></fieldset>
  <fieldset><legend>Integrity events</legend>
  <p><small>Acknowledging says a person has looked at each gap, fork or re-enrolment the device page lists.</small></p>
  <button type="submit" name="action" value="acknowledge">Acknowledge open events of selected</button></fieldset>
</form></details>`;
}

export function fleetView(d: FleetData, o: FleetViewOptions): Html {
  const m = d.m;
  // One council's list has no council column: the caption names it.
  const council = !d.m.councilId;
  const cols = 5 + (o.manage ? 1 : 0) + (council ? 1 : 0);
  return html`${o.done ? html`<p class="flash flash-ok" role="status">✔ ${o.done}</p>` : ""}${o.error ? html`<p class="flash flash-error" role="alert">✘ ${o.error}</p>` : ""}
${filters(d, o)}
<p>${d.total} device${d.total === 1 ? "" : "s"}${m.sort === "worst" ? ", worst first (failures, then unknowns, then the oldest report)" : ""}; page ${m.page} of ${d.pages}.</p>
${o.manage && d.rows.length ? bulkForm(d, o) : ""}
<div class="scroll"><table class="fleet stack">
<caption>Devices${d.councilName ? html` of ${d.councilName}` : html` in every council`}</caption>
<thead><tr>${o.manage ? html`<th scope="col"><span class="sr-only">Select</span></th>` : ""}<th scope="col">Device</th><th scope="col">Needs attention</th>${council ? html`<th scope="col">Council</th>` : ""}<th scope="col">Last report</th><th scope="col">Asset / user</th><th scope="col">Open events</th></tr></thead>
<tbody>${d.rows.length ? d.rows.map((r) => row(r, o.manage, council)) : html`<tr><td colspan="${cols}">No device matches this search and these filters.</td></tr>`}</tbody>
</table></div>
<nav class="pager" aria-label="Pages">${m.page > 1 ? html`<a href="${BASE}/devices${listSearch(m, m.page - 1)}" rel="prev">← Previous</a>` : ""}
${m.page < d.pages ? html`<a href="${BASE}/devices${listSearch(m, m.page + 1)}" rel="next">Next →</a>` : ""}</nav>`;
}
