// Compliance charts drawn on the server as SVG: no script, no CDN, title and description for screen readers.
import { type Html, html } from "../html.js";
import type { DayCount } from "./history.js";

const BLUE = "#1a5e9a";
const GREY = "#c8c8c8";
const INK = "#333333";
const FONT = "system-ui, sans-serif";

export const pct = (c: DayCount): number | null => (c.laptops > 0 ? (100 * c.meeting) / c.laptops : null);

// One formatter each, made once: toLocaleDateString with options builds a new one per call (~0.1 ms), and a chart of
// 30 days with its table and captions calls these hundreds of times.
const SHORT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const LONG = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** "3 Dec" from "2026-12-03". */
export function shortDay(day: string): string {
  return SHORT.format(new Date(`${day}T00:00:00Z`));
}

/** "3 December 2026" from "2026-12-03". */
export function longDay(day: string): string {
  return LONG.format(new Date(`${day}T00:00:00Z`));
}

/** "80% (8 of 10 laptops)", or "no laptops" on a day none was counted. */
export function shareWords(c: DayCount, noun = "laptops"): string {
  const p = pct(c);
  return p === null
    ? `no ${noun}`
    : `${Math.round(p)}% (${c.meeting} of ${c.laptops} ${c.laptops === 1 ? noun.replace(/s$/, "") : noun})`;
}

/** The line's path: one segment per run of days that had laptops; a day without any breaks the line. */
function linePath(points: ({ x: number; y: number } | null)[]): string {
  let d = "";
  let drawing = false;
  for (const p of points) {
    if (!p) {
      drawing = false;
      continue;
    }
    d += `${drawing ? "L" : "M"}${p.x.toFixed(1)} ${p.y.toFixed(1)} `;
    drawing = true;
  }
  return d.trim();
}

/** What the chart shows, in one or two sentences: first and last day, and the lowest day. */
export function describe(series: DayCount[], what: string): string {
  const counted = series.filter((c) => c.laptops > 0);
  const first = counted[0];
  const last = counted.at(-1);
  if (!first || !last) return `No ${what} figures: no laptop had a result in this period.`;
  const low = counted.reduce((a, b) => ((pct(b) ?? 101) < (pct(a) ?? 101) ? b : a));
  return `${what}: ${shareWords(first)} on ${longDay(first.day)}, ${shareWords(last)} on ${longDay(last.day)}; lowest ${shareWords(low)} on ${longDay(low.day)}.`;
}

export interface ChartOptions {
  /** Unique on the page: the title and description ids derive from it. */
  id: string;
  title: string;
  width: number;
  height: number;
  /** Axis labels and grid (the main chart); small multiples draw only the line and a baseline. */
  axes: boolean;
}

/** A line chart of the share per day, 0–100 %, with a dot and a tooltip title per day. */
export function shareChart(series: DayCount[], o: ChartOptions): Html {
  const id = o.id.replace(/[^A-Za-z0-9_-]/g, "-");
  const left = o.axes ? 44 : 34;
  const bottom = o.axes ? 24 : 6;
  const top = 8;
  const right = 8;
  const w = o.width - left - right;
  const h = o.height - top - bottom;
  const n = Math.max(1, series.length - 1);
  const at = (i: number, p: number) => ({
    x: left + (series.length === 1 ? w / 2 : (w * i) / n),
    y: top + h - (h * p) / 100,
  });
  const points = series.map((c, i) => {
    const p = pct(c);
    return p === null ? null : at(i, p);
  });
  // The main chart has a grid every 25%; a small one marks only 0% and 100%, so its line can still be read.
  const grid = (o.axes ? [0, 25, 50, 75, 100] : [0, 100]).map((g) => {
    const y = at(0, g).y.toFixed(1);
    return html`<line x1="${left}" x2="${o.width - right}" y1="${y}" y2="${y}" stroke="${GREY}" stroke-width="1"/><text x="${left - 4}" y="${y}" dy="4" text-anchor="end" font-size="${o.axes ? 11 : 10}" fill="${INK}" font-family="${FONT}">${g}%</text>`;
  });
  const labelAt =
    series.length > 2 ? [0, Math.floor((series.length - 1) / 2), series.length - 1] : series.map((_, i) => i);
  const xLabels = o.axes
    ? labelAt.map((i) => {
        const x = at(i, 0).x.toFixed(1);
        const anchor =
          i === 0 && series.length > 1 ? "start" : i === series.length - 1 && series.length > 1 ? "end" : "middle";
        return html`<text x="${x}" y="${o.height - 6}" text-anchor="${anchor}" font-size="11" fill="${INK}" font-family="${FONT}">${shortDay(series[i]!.day)}</text>`;
      })
    : [];
  const path = linePath(points);
  const dots = points.map((p, i) =>
    p
      ? html`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${o.axes ? 3 : 2}" fill="${BLUE}"><title>${longDay(series[i]!.day)}: ${shareWords(series[i]!)}</title></circle>`
      : "",
  );
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${o.width} ${o.height}" width="${o.width}" height="${o.height}" role="img" aria-labelledby="${id}-t ${id}-d" class="trend-chart">
<title id="${id}-t">${o.title}</title>
<desc id="${id}-d">${describe(series, o.title)}</desc>
${grid}${xLabels}${path ? html`<path d="${path}" fill="none" stroke="${BLUE}" stroke-width="${o.axes ? 2.5 : 2}" stroke-linejoin="round"/>` : ""}${dots}
</svg>`;
}
