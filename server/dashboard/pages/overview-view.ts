// The provider's overview view: the estate's totals, then the councils needing attention first (50 a page, a search by
// name), each with its laptops per control; then compliance over time.
import { CONTROL_IDS } from "../../../shared/schemas/control.js";
import { controlTitle } from "../../../shared/controls/index.js";
import { type Html, html } from "../html.js";
import { BASE, statusSymbol } from "../layout.js";
import type { ControlTotals, CouncilRank, EstateTotals } from "../queries/estate.js";
import type { CouncilSummary } from "../queries/overview.js";
import { controlTotalsView, estateTotalsView, num } from "./overview-estate-view.js";

export interface OverviewPage {
  totals: EstateTotals;
  controls: ControlTotals;
  /** The page's councils, worst first, each with its per-control counts (undefined if it went since the ranking). */
  councils: { rank: CouncilRank; summary: CouncilSummary | undefined }[];
  /** Councils matching the search (all of them without one). */
  matching: number;
  search: string;
  page: number;
  pages: number;
  pageSize: number;
  /** The re-enrolment sections (reenrolments.ts). */
  reenrol: Html;
  /** A re-enrolment just decided (?reenrol=approved|refused). */
  decided: string | undefined;
  /** Compliance over time across every council (once there are councils). */
  trends: Html | undefined;
  /** The command that creates the first council, shown while there is none. */
  createCommand: string;
}

function cell(counts: Record<string, number> | undefined, devices: number, label: string): Html {
  const c = { ...(counts ?? {}) };
  const reported = Object.values(c).reduce((a, b) => a + b, 0);
  if (devices > reported) c.none = devices - reported;
  const parts = [
    ["pass", "pass"],
    ["fail", "fail"],
    ["unknown", "unknown"],
    ["waived", "waived"],
    ["not_applicable", "not applicable"],
    ["none", "no result yet"],
  ] as const;
  // Pass, fail and unknown are all shown once one of them is counted (a zero fail is news). A cell where none is
  // counted says what there is instead (not applicable, waived, no result yet), never "0 pass 0 fail 0 unknown".
  const judged = (c.pass ?? 0) + (c.fail ?? 0) + (c.unknown ?? 0) > 0;
  const core = (k: string) => k === "pass" || k === "fail" || k === "unknown";
  const shown = parts.filter(([k]) => (c[k] ?? 0) > 0 || (judged && core(k)));
  return html`<td class="ctl" data-label="${label}">${shown.map(([k, word]) => html`<span class="count s-${k}"><span aria-hidden="true">${statusSymbol(k)}</span> ${c[k] ?? 0} ${word}</span> `)}</td>`;
}

/** What needs the provider in this council, worst first, each one click from those laptops. */
function attention(r: CouncilRank, silenceHours: number): Html {
  if (r.devices === 0) return html`<span class="muted">No laptop enrolled yet</span>`;
  const at = `${BASE}/councils/${r.id}`;
  const items: Html[] = [];
  if (r.failing) items.push(html`<a href="${at}?filter=failing" class="s-fail">✘ ${r.failing} failing</a>`);
  if (r.events)
    items.push(
      html`<a href="${BASE}/devices?council=${r.id}" class="s-fail">⚠ ${r.events} integrity event${r.events === 1 ? "" : "s"}</a>`,
    );
  if (r.silent)
    items.push(
      html`<a href="${at}?filter=silent" class="s-fail">⚠ ${r.silent} silent</a> <small>no report for ${silenceHours} h</small>`,
    );
  if (r.unknown) items.push(html`<a href="${at}?filter=unknown" class="s-unknown">? ${r.unknown} unknown</a>`);
  if (r.noResults) items.push(html`<span class="s-none">· ${r.noResults} no result yet</span>`);
  return items.length
    ? html`${items.map((i) => html`<div>${i}</div>`)}`
    : html`<span class="s-pass">✔ nothing to fix</span>`;
}

function row(r: CouncilRank, c: CouncilSummary | undefined): Html {
  return html`<tr>
  <th scope="row"><a href="${BASE}/councils/${r.id}">${r.name}</a><br><small>${r.devices === 1 ? "1 laptop" : `${num(r.devices)} laptops`}</small></th>
  <td class="needs" data-label="Needs attention">${attention(r, c?.silenceHours ?? 0)}</td>
  ${CONTROL_IDS.map((id) => cell(c?.controls[id], c ? c.devices : 0, controlTitle(id)))}
</tr>`;
}

/** The page's own address with this search and page (the search is kept from page to page). */
export function overviewHref(search: string, page: number): string {
  const p = new URLSearchParams();
  if (search) p.set("q", search);
  if (page > 1) p.set("page", String(page));
  const s = p.toString();
  return `${BASE}/${s ? `?${s}` : ""}`;
}

function councilsSection(p: OverviewPage): Html {
  const from = (p.page - 1) * p.pageSize + 1;
  const to = from + p.councils.length - 1;
  const found = p.search
    ? html`${plural(p.matching, "council matches", "councils match")} “${p.search}”`
    : html`${plural(p.matching, "council", "councils")}`;
  const shown = p.councils.length ? html`${found}; ${num(from)}–${num(to)} shown.` : html`${found}; none on this page.`;
  return html`<section aria-labelledby="councils-h">
<h2 id="councils-h">Councils, those needing attention first</h2>
<form method="get" action="${BASE}/" class="filters" role="search">
  <label for="council-q">Council name</label> <input id="council-q" name="q" value="${p.search}" maxlength="100" placeholder="part of a council's name">
  <button type="submit">Search</button>${p.search ? html` <a href="${BASE}/">Show every council</a>` : ""}
</form>
<p>${shown} Worst first: the most laptops failing, then integrity events waiting, then silent laptops, then laptops Ward could not check.</p>
<div class="scroll"><table class="matrix">
<caption>Councils and their laptops, per control</caption>
<thead><tr><th scope="col">Council</th><th scope="col">Needs attention</th>${CONTROL_IDS.map((id) => html`<th scope="col">${controlTitle(id)}</th>`)}</tr></thead>
<tbody>${p.councils.length ? p.councils.map((c) => row(c.rank, c.summary)) : html`<tr><td colspan="${2 + CONTROL_IDS.length}">${p.search ? "No council's name contains this." : p.totals.councils ? "No council on this page: go back to the first." : "No councils yet."}</td></tr>`}</tbody>
</table></div>
<p><small>Each cell counts laptops: ✔ pass, ✘ fail, ? unknown (Ward could not tell), ‖ waived, – not applicable (the control does not apply to that laptop), · no result yet.</small></p>
${pager(p)}
</section>`;
}

function pager(p: OverviewPage): Html {
  if (p.pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Pages of councils">${p.page > 1 ? html`<a href="${overviewHref(p.search, p.page - 1)}" rel="prev">← Previous ${p.pageSize}</a>` : ""}
<span>Page ${num(p.page)} of ${num(p.pages)}</span>
${p.page < p.pages ? html`<a href="${overviewHref(p.search, p.page + 1)}" rel="next">Next ${p.pageSize} →</a>` : ""}</nav>`;
}

function plural(n: number, one: string, many: string): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

export function overviewView(p: OverviewPage): Html {
  const { reenrol, decided } = p;
  const flash =
    decided === "approved"
      ? html`<p class="flash flash-ok" role="status">✔ New key approved: the laptop reports with it from now on, and its old key is refused.</p>`
      : decided === "refused"
        ? html`<p class="flash flash-ok" role="status">✔ Re-enrolment refused: the laptop keeps its key.</p>`
        : "";
  if (p.totals.councils === 0)
    return html`${flash}${reenrol}<p>No councils yet. Create the first council where the collector runs: <code class="command">${p.createCommand}</code></p>`;
  return html`${flash}${reenrol}${estateTotalsView(p.totals)}
${councilsSection(p)}
${controlTotalsView(p.controls)}
${p.trends ?? ""}`;
}
