// The trends section a page includes in one line: the share of laptops meeting the policy per day, overall and per
// control, as server-drawn SVG with a table of the same figures; an empty history says so in words.
import { controlTitle } from "../../../shared/controls/index.js";
import { CONTROL_IDS, type ControlId } from "../../../shared/schemas/control.js";
import type { ServiceContext } from "../../services/context.js";
import { type Html, html } from "../html.js";
import { cachedTrend, TREND_TTL_MS } from "./cache.js";
import type { DayCount, Trend } from "./history.js";
import { longDay, shareChart, shareWords } from "./svg.js";

export const TREND_DAYS = 30;

export interface TrendOptions {
  /** The printed report's period (YYYY-MM-DD); otherwise the last 30 days to today. */
  from?: string;
  to?: string;
  /** Printed: the table of figures is shown in full, not folded away. */
  print?: boolean;
  /** When the figures were worked out (they are kept a few minutes). */
  asOf?: Date;
}

/** The figures as a table: folded away on the dashboard, printed in full in the report (print hides <details>). */
function table(t: Trend, printed: boolean): Html {
  // Days before the first laptop enrolled would be rows of "no laptops": left out, and said so.
  const first = Math.max(
    0,
    t.overall.findIndex((c) => c.laptops > 0),
  );
  const skipped =
    first > 0
      ? html`<p><small>No laptop had enrolled before ${longDay(t.days[first]!)}: the days before are left out of the table.</small></p>`
      : "";
  const body = html`${skipped}<div class="scroll"><table class="trend-figures"><caption>Share of laptops meeting the policy at the end of each day</caption>
<thead><tr><th scope="col">Day</th><th scope="col">All controls</th>${CONTROL_IDS.map((c) => html`<th scope="col">${controlTitle(c)}</th>`)}</tr></thead>
<tbody>${t.days
    .slice(first)
    .map(
      (day, k) =>
        html`<tr><th scope="row">${longDay(day)}</th><td>${shareWords(t.overall[first + k]!)}</td>${CONTROL_IDS.map((c) => html`<td>${shareWords(t.perControl[c]![first + k]!)}</td>`)}</tr>`,
    )}</tbody></table></div>`;
  return printed
    ? html`<h3>The same figures as a table</h3>${body}`
    : html`<details class="trend-table"><summary>The same figures as a table</summary>${body}</details>`;
}

/** "Disk encryption: 86% (6 of 7 laptops) on 3 December 2026", or that no laptop reported it. */
function controlCaption(control: ControlId, c: DayCount, day: string): string {
  return c.laptops
    ? `${controlTitle(control)}: ${shareWords(c)} on ${longDay(day)}`
    : `${controlTitle(control)}: no laptop it applies to reported it by ${longDay(day)}`;
}

/** The section's HTML for a council, or for every council (councilId null: the provider's overview). */
export function trendsHtml(t: Trend, scopeName: string, o: TrendOptions = {}): Html {
  if (t.days.length === 0)
    return html`<section class="trend" aria-labelledby="trend-h"><h2 id="trend-h">Compliance over time</h2>
<p class="empty">No compliance history for a period that starts after today.</p></section>`;
  const first = t.days[0] ?? "";
  const last = t.days.at(-1) ?? "";
  const intro = html`<p>The share of ${scopeName}'s laptops that met the policy at the end of each day from ${longDay(first)} to ${longDay(last)}
(today: so far${o.asOf ? `, as of ${o.asOf.toISOString().slice(11, 16)} UTC; worked out again after ${TREND_TTL_MS / 60_000} minutes` : ""}): every control passed, did not apply, or failed under a waiver then in force. A laptop Ward could not
tell about, or without results yet, does not count as meeting it. Drawn from the status history the collector stores.</p>`;
  if (!t.hasHistory)
    return html`<section class="trend" aria-labelledby="trend-h"><h2 id="trend-h">Compliance over time</h2>
<p class="empty">No compliance history to draw yet: no laptop of ${scopeName} had a result between ${longDay(first)} and ${longDay(last)}. The chart starts with the first report.</p></section>`;
  return html`<section class="trend" aria-labelledby="trend-h"><h2 id="trend-h">Compliance over time</h2>
${intro}
<figure class="trend-main">${shareChart(t.overall, { id: "trend-all", title: "Laptops meeting the policy", width: 640, height: 200, axes: true })}</figure>
<h3>Per control</h3>
<p><small>Each control's share counts the laptops it applies to.</small></p>
<div class="trend-controls">${CONTROL_IDS.map(
    (c) =>
      html`<figure class="trend-small">${shareChart(t.perControl[c]!, { id: `trend-${c}`, title: controlTitle(c), width: 260, height: 80, axes: false })}<figcaption>${controlCaption(c, t.perControl[c]!.at(-1)!, last)}</figcaption></figure>`,
  )}</div>
${table(t, Boolean(o.print))}
</section>`;
}

/** One line in a page: `${await trendsSection(ctx, council.id)}` (or null for every council the provider sees). */
export async function trendsSection(
  ctx: ServiceContext,
  councilId: string | null,
  scopeName: string,
  o: TrendOptions = {},
): Promise<Html> {
  const now = ctx.clock.now();
  const to = o.to ?? now.toISOString().slice(0, 10);
  const from =
    o.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - (TREND_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const t = await cachedTrend(ctx.db.kysely, councilId, { from, to }, now);
  return trendsHtml(t, scopeName, { ...o, asOf: t.asOf });
}
