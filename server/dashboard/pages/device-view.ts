// The device page's view: results with summary, facts and remediation; timeline; chain status; asset register; waivers.
import { collectorSteps } from "../../alerts/messages.js";
import { controlTitle } from "../../../shared/controls/index.js";
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { canManageCouncil, type DashUser } from "../access.js";
import { type Html, html } from "../html.js";
import { BASE, statusBadge, when } from "../layout.js";
import { parseResult, TIMELINE_LIMIT } from "../queries/device-detail.js";
import { assetForm, chainSection, waiverSection } from "./device-parts.js";
import { awaitingLaptop, doneFlash, policyFacts, usbAwaitingNote } from "./device-policy.js";
import type { DevicePageData } from "./device-load.js";
import { approveLinksSection } from "./device-usb.js";

export interface DevicePage extends DevicePageData {
  user: DashUser;
  csrf: string;
  /** Which form just saved (the note at the top), from ?done=. */
  done: string | undefined;
  /** The control to start the waiver form on, from ?waiver=. */
  waiver: string | undefined;
}

export function deviceView(p: DevicePage): Html {
  const { d, detail, policy, now, results, links, user, csrf } = p;
  const activeWaiver = (control: string) =>
    detail.waivers.find((w) => w.control === control && w.revoked_at === null && w.expires_at > now);
  return html`${doneFlash(p.done, policy)}
<dl class="facts">
  <dt>Serial</dt><dd>${d.serial}</dd><dt>Model</dt><dd>${d.manufacturer} ${d.model}</dd>
  <dt>System</dt><dd>${d.os_name} ${d.os_version} (${d.os_build})</dd><dt>Agent</dt><dd>${d.agent_version}</dd>
  <dt>Enrolled</dt><dd>${when(d.enrolled_at)}</dd><dt>Last seen</dt><dd>${when(d.last_seen_at)}</dd>
  ${policyFacts(policy)}
</dl>
<h2>Current results</h2>
${results.length === 0 ? html`<p>No report received yet.</p>` : ""}
${results.map(({ row, result }) => {
  const w = row.status === "fail" ? activeWaiver(row.control) : undefined;
  return html`<section class="result card" id="control-${row.control}">
  <h3>${controlTitle(row.control)} ${statusBadge(w ? "waived" : row.status)}</h3>
  ${w ? html`<p>Waived until ${when(w.expires_at)} by ${w.approved_by}: ${w.reason}</p>` : ""}
  <p class="summary">${result?.summary ?? "The stored result could not be read."}</p>
  ${row.control === "usb-storage" && row.status === "fail" ? approveLinksSection(links) : ""}
  ${row.control === "usb-storage" && row.status === "fail" && awaitingLaptop(policy) ? usbAwaitingNote(policy) : ""}
  <p><small>Since ${when(row.since)}; last checked ${when(row.collected_at)}${result?.clause ? html`; policy clause ${result.clause}` : ""}</small></p>
  ${result && (row.status === "fail" || row.status === "unknown") ? html`<h4>How to fix</h4><ol>${collectorSteps({ ...result, status: row.status }).map((s) => html`<li>${s}</li>`)}</ol>` : ""}
  ${!w && row.status === "fail" && canManageCouncil(user, d.council_id) ? html`<p><a href="${BASE}/devices/${d.id}/waivers/new?control=${encodeURIComponent(row.control)}">Waive it until a date</a></p>` : ""}
  ${result?.remediation.length && (row.status === "fail" || row.status === "unknown") ? html`<details><summary>Steps the laptop's agent suggested</summary><ol>${result.remediation.map((s) => html`<li>${s}</li>`)}</ol></details>` : ""}
  ${result?.probeErrors.length && row.status === "unknown" ? html`<h4>Why Ward could not tell</h4><ul>${result.probeErrors.map((e) => html`<li><code>${e.probe}</code>: ${e.error}</li>`)}</ul>` : ""}
  <details><summary>Facts</summary><pre>${JSON.stringify(result?.facts ?? {}, null, 2)}</pre></details>
</section>`;
})}
<h2>History</h2>
<ol class="timeline">${detail.timeline.map(
    (
      t,
    ) => html`<li>${when(t.collected_at)} — ${controlTitle(t.control)}: ${statusBadge(t.from_status ?? "none")} → ${statusBadge(t.to_status)}
  <small>${parseResult(t.result_json)?.summary ?? ""}</small></li>`,
  )}</ol>
${detail.timeline.length === TIMELINE_LIMIT ? html`<p><small>Showing the newest ${TIMELINE_LIMIT} changes.</small></p>` : ""}
${chainSection(detail.chain, detail.events, canManageCouncil(user, d.council_id) ? { csrf } : null)}
${assetForm(user, d, detail.asset, csrf)}
${waiverSection(user, d, detail.waivers, CONTROL_IDS, csrf, now, p.waiver)}`;
}
