// The overview's whole picture: the estate's figures as tiles (each a link to those laptops) and each control's counts.
import { controlTitle } from "../../../shared/controls/index.js";
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { DEFAULT_ALERT_SETTINGS } from "../../alerts/settings.js";
import { type Html, html } from "../html.js";
import { BASE, statusSymbol } from "../layout.js";
import type { ControlTotals, EstateTotals } from "../queries/estate.js";

/** 20,000 as people write it. */
export const num = (n: number) => n.toLocaleString("en-GB");
const plural = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;

function tile(n: number, words: string, tone: "fail" | "unknown" | "plain", href: string | null, note = ""): Html {
  const cls = n === 0 ? "tile-ok" : `tile-${tone}`;
  const body = html`<strong>${num(n)}</strong> ${words}`;
  return html`<li class="tile ${cls}">${href && n > 0 ? html`<a href="${href}">${body}</a>` : body}${note ? html`<br><small>${note}</small>` : ""}</li>`;
}

/** One sentence, then the tiles: what needs the provider across every council. */
export function estateTotalsView(t: EstateTotals): Html {
  const share = t.devices ? Math.floor((100 * t.meeting) / t.devices) : 0;
  const sentence = t.devices
    ? html`${plural(t.devices, "laptop", "laptops")} in ${plural(t.councils, "council", "councils")}: ${num(t.meeting)} meet the policy (${share}%). ${t.needAttention ? html`<strong>${plural(t.needAttention, "council needs", "councils need")} attention.</strong>` : "No council needs attention."}`
    : html`${plural(t.councils, "council", "councils")}, no laptop enrolled yet.`;
  return html`<section class="estate" aria-labelledby="estate-h">
<h2 id="estate-h">Across every council</h2>
<p class="estate-line">${sentence}</p>
<ul class="tiles">
${tile(t.failing, t.failing === 1 ? "laptop failing a check" : "laptops failing a check", "fail", `${BASE}/devices?status=fail`, "a control failing with no waiver in force")}
${tile(t.silent, t.silent === 1 ? "laptop silent" : "laptops silent", "fail", `${BASE}/devices?silent=1`, `no report for as long as its council's setting (${DEFAULT_ALERT_SETTINGS.silenceHours} h unless changed)`)}
${tile(t.unknown, t.unknown === 1 ? "laptop Ward could not check" : "laptops Ward could not check", "unknown", `${BASE}/devices?status=unknown`, "a check said unknown, with its reason")}
${tile(t.events, t.events === 1 ? "integrity event waiting" : "integrity events waiting", "fail", null, "a gap, fork or new key for a person to look at: the councils below say where")}
${tile(t.noResults, t.noResults === 1 ? "laptop with no result yet" : "laptops with no result yet", "unknown", `${BASE}/devices?status=none`, "enrolled, no report yet")}
${tile(t.empty, t.empty === 1 ? "council with no laptop" : "councils with no laptop", "plain", null, "enrol their laptops with a token")}
</ul>
</section>`;
}

const COLUMNS = [
  ["fail", "Failing"],
  ["unknown", "Unknown"],
  ["waived", "Waived"],
  ["pass", "Passing"],
  ["not_applicable", "Not applicable"],
  ["none", "No result"],
] as const;

/** Every council's laptops per control: where the estate's work is (each count links to those laptops). */
export function controlTotalsView(c: ControlTotals): Html {
  const cell = (control: string, status: string, word: string, n: number) =>
    html`<td class="num" data-label="${word}">${n > 0 ? html`<a href="${BASE}/devices?control=${control}&amp;status=${status}" class="s-${status}"><span aria-hidden="true">${statusSymbol(status)}</span> ${num(n)}</a>` : html`<span class="muted">0</span>`}</td>`;
  return html`<section aria-labelledby="per-control-h">
<h2 id="per-control-h">Each control across every council</h2>
<p>Laptops counted per control: where the same fix is needed in many councils.</p>
<div class="scroll"><table class="per-control">
<caption>Every council's laptops, per control</caption>
<thead><tr><th scope="col">Control</th>${COLUMNS.map(([s, word]) => html`<th scope="col" class="num"><span class="s-${s}" aria-hidden="true">${statusSymbol(s)}</span> ${word}</th>`)}</tr></thead>
<tbody>${CONTROL_IDS.map(
    (id) =>
      html`<tr><th scope="row">${controlTitle(id)}</th>${COLUMNS.map(([s, word]) => cell(id, s, word, c[id][s]))}</tr>`,
  )}</tbody>
</table></div>
</section>`;
}
