// The overview's re-enrolment sections: requests waiting for a provider admin, and laptops whose key was replaced.
import type { keysReplacedSince, listPendingRequests } from "../../stores/reenrol-store.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";

export interface ReenrolmentsPage {
  pending: Awaited<ReturnType<typeof listPendingRequests>>;
  replaced: Awaited<ReturnType<typeof keysReplacedSince>>;
  /** A provider admin: may approve or refuse. */
  admin: boolean;
  csrf: string;
}

export function reenrolmentsView(p: ReenrolmentsPage): Html {
  const { pending, replaced, admin, csrf } = p;
  const requests = pending.length
    ? html`<section class="card" id="reenrolments"><h2>⚠ Re-enrolment requests waiting (${pending.length})</h2>
<p>A computer enrolled with the serial number of a known laptop but a <strong>new key</strong>. That is expected only if
the laptop was reinstalled; otherwise someone may be trying to take over its reports. Its current key keeps
reporting until a provider admin decides.</p>
<table><thead><tr><th scope="col">Laptop</th><th scope="col">Council</th><th scope="col">Asked</th><th scope="col">New key</th><th scope="col"><span class="sr-only">Decision</span></th></tr></thead>
<tbody>${pending.map(
        (
          r,
        ) => html`<tr class="reenrol-row"><td><a href="${BASE}/devices/${r.device_id}">${r.hostname}</a></td><td>${r.council_name}</td><td>${when(r.requested_at)}</td><td><code>${r.key_id}</code></td>
<td>${
          admin
            ? html`<form method="post" action="${BASE}/reenrolments/${r.id}/approve" class="inline approve">${csrfField(csrf)}<button type="submit">Approve new key</button></form>
<form method="post" action="${BASE}/reenrolments/${r.id}/refuse" class="inline refuse">${csrfField(csrf)}<button type="submit">Refuse</button></form>`
            : "A provider admin decides."
        }</td></tr>`,
      )}</tbody></table></section>`
    : "";
  const marks = replaced.length
    ? html`<section class="card" id="keys-replaced"><h2>Keys replaced in the last 30 days</h2><ul>${replaced.map(
        (d) =>
          html`<li><span class="s-fail">⚠ key replaced</span> <a href="${BASE}/devices/${d.id}">${d.hostname}</a> on ${when(d.key_replaced_at)}</li>`,
      )}</ul></section>`
    : "";
  return html`${requests}${marks}`;
}
