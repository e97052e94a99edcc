// The council page's view: devices × controls matrix with symbols and words, last seen, search, filter, sort, pages.
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { controlTitle } from "../../../shared/controls/index.js";
import type { CouncilRow } from "../../stores/council-store.js";
import { type Html, html } from "../html.js";
import { BASE, statusBadge, when } from "../layout.js";
import { type councilMatrix, type MatrixQuery, PAGE_SIZE } from "../queries/council-devices.js";

export interface CouncilPage extends Awaited<ReturnType<typeof councilMatrix>> {
  council: CouncilRow;
  m: MatrixQuery;
  /** A provider role (says where enrolment starts when the council has no laptop yet). */
  provider: boolean;
  /** The compliance-over-time section. */
  trends: Html;
}

/** A council with no laptop yet: where enrolment starts (the provider makes a token; the agent installs with it). */
function emptyCouncil(provider: boolean): Html {
  return provider
    ? html`<p class="empty">No laptop has enrolled in this council yet. Make an enrolment token on the <a href="${BASE}/tokens">Tokens</a> page, then install the agent on each laptop with it.</p>`
    : html`<p class="empty">No laptop has enrolled in this council yet. Your IT provider installs the agent on each laptop; they show up here after their first report.</p>`;
}

function option(value: string, current: string, label: string): Html {
  return html`<option value="${value}"${value === current ? html` selected` : ""}>${label}</option>`;
}

export function councilView(p: CouncilPage): Html {
  const { council, m, rows, total, silenceHours } = p;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (n: number) =>
    `?${new URLSearchParams({ q: m.search, filter: m.filter, sort: m.sort, page: String(n) })}`;
  return html`<form method="get" class="filters" role="search">
  <label for="q">Search</label> <input id="q" name="q" value="${m.search}" placeholder="hostname, serial, asset, user">
  <label for="filter">Show</label> <select id="filter" name="filter">
    ${option("all", m.filter, "All devices")}${option("failing", m.filter, "Failing a control")}${option("unknown", m.filter, "Unknown results")}
    ${option("silent", m.filter, `Silent (no report for ${silenceHours} hours)`)}${option("waived", m.filter, "With a waiver")}</select>
  <label for="sort">Sort by</label> <select id="sort" name="sort">
    ${option("hostname", m.sort, "Name")}${option("failing", m.sort, "Most failures")}${option("last-seen", m.sort, "Longest silent")}</select>
  <button type="submit">Apply</button>
  <a href="${BASE}/councils/${council.id}/export.csv">Export CSV</a> <a href="${BASE}/councils/${council.id}/evidence">Evidence pack (PDF)</a>
</form>
<p>${total} device${total === 1 ? "" : "s"}; page ${m.page} of ${pages}.</p>
<div class="scroll"><table class="matrix">
<caption>Devices of ${council.name}</caption>
<thead><tr><th scope="col">Device</th>${CONTROL_IDS.map((id) => html`<th scope="col">${controlTitle(id)}</th>`)}<th scope="col">Last seen</th><th scope="col">Asset / user</th></tr></thead>
<tbody>${rows.map(
    (r) => html`<tr>
  <th scope="row"><a href="${BASE}/devices/${r.id}">${r.hostname}</a><br><small>${r.model} · ${r.osName} ${r.osVersion}</small></th>
  ${CONTROL_IDS.map((id) => html`<td>${statusBadge(r.results[id] ?? "none")}</td>`)}
  <td>${when(r.lastSeen)}</td>
  <td>${r.assetNumber ?? html`<span class="muted">not logged</span>`}${r.assignedUser ? html`<br><small>${r.assignedUser}</small>` : ""}</td>
</tr>`,
  )}</tbody>
</table></div>
${total === 0 && m.filter === "all" && !m.search ? emptyCouncil(p.provider) : ""}
<nav class="pager" aria-label="Pages">${m.page > 1 ? html`<a href="${link(m.page - 1)}" rel="prev">← Previous</a>` : ""}
${m.page < pages ? html`<a href="${link(m.page + 1)}" rel="next">Next →</a>` : ""}</nav>
${p.trends}`;
}
