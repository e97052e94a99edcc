// The printed compliance report's view: the range form, headline, summary, devices, changes, waivers, USB, integrity.
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { controlTitle } from "../../../shared/controls/index.js";
import type { CouncilRow } from "../../stores/council-store.js";
import { type Html, html } from "../html.js";
import { statusBadge, when } from "../layout.js";
import type { councilReport } from "../queries/report.js";
import { approvalLine, headline, splitFirstReports } from "./report-words.js";

export interface ReportPage {
  council: CouncilRow;
  range: { from: string; to: string };
  r: Awaited<ReturnType<typeof councilReport>>;
  /** The compliance-over-time section for the range. */
  trends: Html;
  now: Date;
  /** Who produced it (the signed-in user's email). */
  producedFor: string;
}

/** The date range form; with a problem, both dates are marked and point at the message. */
function rangeForm(from: string, to: string, problem: boolean) {
  const bad = problem ? html` aria-invalid="true" aria-describedby="range-error"` : "";
  return html`<form method="get" class="filters no-print">
  <label for="from">From</label> <input id="from" name="from" type="date" value="${from}"${bad}>
  <label for="to">To</label> <input id="to" name="to" type="date" value="${to}"${bad}>
  <button type="submit">Show</button>${problem ? "" : html` <button type="button" id="print-report">Print</button>`}
</form>`;
}

/** The dates typed make no sense: the same form again, with what was typed and what to change. */
export function rangeErrorView(from: string, to: string): Html {
  return html`<p class="flash flash-error" role="alert" id="range-error">Choose a start date on or before the end date: ${from} is after ${to}.</p>
${rangeForm(from, to, true)}`;
}

export function reportView(p: ReportPage): Html {
  const { council, range, r, now } = p;
  const changes = splitFirstReports(r.changes);
  const count = (control: string, status: string) =>
    r.devices.filter((d) => (d.results[control] ?? "none") === status).length;
  return html`${rangeForm(range.from, range.to, false)}
<p class="report-meta">${council.name}: compliance from ${range.from} to ${range.to}. Produced by Ward on ${when(now.toISOString())} for ${p.producedFor}.
Current state is as of the production date.</p>
${headline(r.devices, now)}
<h2>Summary</h2>
<table class="compact"><caption>Devices per control (${r.devices.length} devices)</caption><thead><tr><th scope="col">Control</th><th scope="col">✔ Pass</th><th scope="col">✘ Fail</th><th scope="col">? Unknown</th><th scope="col">‖ Waived</th><th scope="col">· No result</th></tr></thead>
<tbody>${CONTROL_IDS.map((c) => html`<tr><th scope="row">${controlTitle(c)}</th><td>${count(c, "pass")}</td><td>${count(c, "fail")}</td><td>${count(c, "unknown")}</td><td>${count(c, "waived")}</td><td>${count(c, "none")}</td></tr>`)}</tbody></table>
${p.trends}
<h2>Devices and owners</h2>
<table><thead><tr><th scope="col">Device</th><th scope="col">Asset / user / location</th>${CONTROL_IDS.map((c) => html`<th scope="col">${controlTitle(c)}</th>`)}<th scope="col">Last seen</th></tr></thead>
<tbody>${r.devices.map(
    (
      d,
    ) => html`<tr><th scope="row">${d.hostname}<br><small>${d.model}, serial ${d.serial}</small></th><td>${d.asset_number ?? "not logged"} / ${d.assigned_user ?? "—"} / ${d.location ?? "—"}</td>
${CONTROL_IDS.map((c) => html`<td>${statusBadge(d.results[c] ?? "none")}</td>`)}<td>${when(d.last_seen_at)}</td></tr>`,
  )}</tbody></table>
<h2>Changes in the period</h2>
${changes.firstLaptops ? html`<p>${changes.firstLaptops} ${changes.firstLaptops === 1 ? "laptop" : "laptops"} reported for the first time in the period (their first results are in the table above, not listed here).</p>` : ""}
${changes.changes.length ? html`<ul>${changes.changes.map((c) => html`<li>${when(c.collected_at)} ${c.hostname}, ${controlTitle(c.control)}: ${statusBadge(c.from_status ?? "none")} → ${statusBadge(c.to_status)}</li>`)}</ul>` : html`<p>No changes${changes.firstLaptops ? " after those first reports" : ""}.</p>`}
<h2>Waivers in force during the period</h2>
${r.waivers.length ? html`<ul>${r.waivers.map((w) => html`<li>${w.hostname}, ${controlTitle(w.control)}: ${w.reason} (approved by ${w.approved_by}; until ${when(w.expires_at)}${w.revoked_at ? html`, revoked ${when(w.revoked_at)}` : ""})</li>`)}</ul>` : html`<p>None.</p>`}
<h2>USB approvals and revocations</h2>
${r.approvals.length ? html`<ul>${r.approvals.map(approvalLine)}</ul>` : html`<p>None.</p>`}
<h2>Report integrity</h2>
${r.events.length ? html`<ul>${r.events.map((e) => html`<li>${when(e.created_at)} ${e.hostname}: ${e.kind}${e.seq !== null ? html` at seq ${e.seq}` : ""}</li>`)}</ul>` : html`<p>✔ No gaps, forks or dropped reports.</p>`}`;
}
