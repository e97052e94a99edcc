// The audit log page's view: one row per entry in words (a card per entry on a phone), and a link to older ones.
import type { AuditRow } from "../audit.js";
import { detailWords, didWords, targetWords } from "../audit-words.js";
import type { AuditNames } from "../queries/audit-names.js";
import { type Html, html } from "../html.js";
import { BASE, when } from "../layout.js";

export interface AuditPage {
  rows: AuditRow[];
  names: AuditNames;
  /** The `at` of the oldest entry shown when there may be older ones (a full page), else null. */
  olderBefore: string | null;
}

export function auditView(p: AuditPage): Html {
  return html`<table class="audit stack"><caption>Newest first</caption><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Did what</th><th scope="col">To</th><th scope="col">Detail</th><th scope="col">From</th></tr></thead>
<tbody>${p.rows.map((r) => html`<tr><td data-label="When">${when(r.at)}</td><td data-label="Who">${r.actor}</td><td data-label="Did what">${didWords(r.action)}</td><td data-label="To">${targetWords(r, p.names)}</td><td data-label="Detail">${detailWords(r.detail_json)}</td><td data-label="From"><code>${r.ip}</code></td></tr>`)}</tbody></table>
${p.olderBefore ? html`<p><a href="${BASE}/audit?before=${encodeURIComponent(p.olderBefore)}">Older entries →</a></p>` : ""}`;
}
