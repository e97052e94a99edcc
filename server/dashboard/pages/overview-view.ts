// The provider's overview view: each council's devices, pass / fail / unknown per control, silent devices, events.
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { controlTitle } from "../../../shared/controls/index.js";
import { DEFAULT_ALERT_SETTINGS } from "../../alerts/settings.js";
import { type Html, html } from "../html.js";
import { BASE } from "../layout.js";
import type { CouncilSummary } from "../queries/overview.js";

export interface OverviewPage {
  councils: CouncilSummary[];
  /** The re-enrolment sections (reenrolments.ts). */
  reenrol: Html;
  /** A re-enrolment just decided (?reenrol=approved|refused). */
  decided: string | undefined;
  /** Compliance over time across every council (provider roles, once there are councils). */
  trends: Html | undefined;
  /** The command that creates the first council, shown while there is none. */
  createCommand: string;
}

function cell(counts: Record<string, number> | undefined, devices: number): Html {
  const c = { ...(counts ?? {}) };
  const reported = Object.values(c).reduce((a, b) => a + b, 0);
  if (devices > reported) c.none = devices - reported;
  const parts = [
    ["pass", "✔", "pass"],
    ["fail", "✘", "fail"],
    ["unknown", "?", "unknown"],
    ["waived", "‖", "waived"],
    ["not_applicable", "–", "not applicable"],
    ["none", "·", "no result yet"],
  ] as const;
  // Pass, fail and unknown are all shown once one of them is counted (a zero fail is news). A cell where none is
  // counted says what there is instead (not applicable, waived, no result yet), never "0 pass 0 fail 0 unknown".
  const judged = (c.pass ?? 0) + (c.fail ?? 0) + (c.unknown ?? 0) > 0;
  const core = (k: string) => k === "pass" || k === "fail" || k === "unknown";
  const shown = parts.filter(([k]) => (c[k] ?? 0) > 0 || (judged && core(k)));
  return html`<td>${shown.map(([k, sym, word]) => html`<span class="count s-${k}"><span aria-hidden="true">${sym}</span> ${c[k] ?? 0} ${word}</span> `)}</td>`;
}

function row(c: CouncilSummary): Html {
  const events = Object.entries(c.events);
  return html`<tr>
  <th scope="row"><a href="${BASE}/councils/${c.id}">${c.name}</a></th>
  <td class="num">${c.devices}</td>
  ${CONTROL_IDS.map((id) => cell(c.controls[id], c.devices))}
  <td>${c.silent > 0 ? html`<a href="${BASE}/councils/${c.id}?filter=silent" class="s-fail">⚠ ${c.silent} silent</a><br><small>no report for ${c.silenceHours} h</small>` : html`<span class="s-pass">✔ none</span>`}</td>
  <td>${events.length ? events.map(([k, n]) => html`<span class="s-fail">⚠ ${n} ${k}</span> `) : html`<span class="s-pass">✔ none</span>`}</td>
</tr>`;
}

export function overviewView(p: OverviewPage): Html {
  const { councils, reenrol, decided } = p;
  return html`${decided === "approved" ? html`<p class="flash flash-ok" role="status">✔ New key approved: the laptop reports with it from now on, and its old key is refused.</p>` : decided === "refused" ? html`<p class="flash flash-ok" role="status">✔ Re-enrolment refused: the laptop keeps its key.</p>` : ""}${reenrol}<p>Each cell counts devices: ✔ pass, ✘ fail, ? unknown (Ward could not tell), ‖ waived, – not applicable (the control does not apply to that device).
A device is silent when it has not reported for as long as its council's alert setting says
(${DEFAULT_ALERT_SETTINGS.silenceHours} hours unless the council changed it); the same hours raise the silence alert.</p>
<div class="scroll"><table class="matrix">
<caption>Councils and their compliance</caption>
<thead><tr><th scope="col">Council</th><th scope="col">Devices</th>${CONTROL_IDS.map((id) => html`<th scope="col">${controlTitle(id)}</th>`)}
<th scope="col">Silent</th><th scope="col">Integrity events</th></tr></thead>
<tbody>${councils.length ? councils.map(row) : html`<tr><td colspan="9">No councils yet.</td></tr>`}</tbody>
</table></div>
${councils.length ? "" : html`<p>Create the first council where the collector runs: <code class="command">${p.createCommand}</code></p>`}
${p.trends ?? ""}`;
}
