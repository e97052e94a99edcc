// The API tokens page's view: what the API is, the create form (with its one-use form id), every token's state.
import type { describeApiToken } from "../../api/token-store.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";

export interface ApiTokensPage {
  councils: { id: string; name: string }[];
  tokens: ReturnType<typeof describeApiToken>[];
  csrf: string;
  /** The token just made, shown once. */
  created?: Html | undefined;
  /** A fresh id for the create form: a reload that sends it again is refused. */
  formId: string;
}

export function apiTokensView(p: ApiTokensPage): Html {
  const { councils, tokens, csrf, created } = p;
  const names = new Map(councils.map((c) => [c.id, c.name]));
  return html`${created ?? ""}
<p>For scripts and ticketing bridges: the API is described at <a href="/api/openapi.json">/api/openapi.json</a>. Send the token as
<code>Authorization: Bearer wat_…</code>. A council token sees that council only.</p>
<form method="post" action="${BASE}/api-tokens" class="card">${csrfField(csrf)}<input type="hidden" name="form_id" value="${p.formId}">
  <label for="name">What uses it</label><input id="name" name="name" required maxlength="100" placeholder="HaloPSA bridge">
  <label for="scope">Sees</label><select id="scope" name="scope"><option value="provider">Every council (the provider)</option>${councils.map((c) => html`<option value="${c.id}">${c.name} only</option>`)}</select>
  <label for="access">May</label><select id="access" name="access"><option value="read">Read only</option><option value="write">Read, and add or revoke waivers and USB approvals</option></select>
  <label for="expires">Expires after</label><select id="expires" name="expires"><option value="30d">30 days</option><option value="90d" selected>90 days</option><option value="366d">1 year</option></select>
  <button type="submit">Create API token</button>
</form>
<table><caption>API tokens (the token itself is never stored)</caption><thead><tr><th scope="col">Name</th><th scope="col">Sees</th><th scope="col">May</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${tokens.map((t) => {
    return html`<tr><td>${t.name}<br><small><code>${t.id}</code>, by ${t.createdBy}</small></td><td>${t.councilId ? (names.get(t.councilId) ?? t.councilId) : "Every council"}</td>
<td>${t.readOnly ? "Read only" : "Read and write"}</td><td>${when(t.lastUsedAt)}${t.lastUsedIp ? html`<br><small>from ${t.lastUsedIp}</small>` : ""}</td>
<td>${t.state === "revoked" ? html`✘ revoked ${when(t.revokedAt)}` : t.state === "active" ? html`✔ until ${when(t.expiresAt)}` : html`– expired ${when(t.expiresAt)}`}</td>
<td>${t.state === "active" ? html`<form method="post" action="${BASE}/api-tokens/${t.id}/revoke">${csrfField(csrf)}<button type="submit">Revoke</button></form>` : ""}</td></tr>`;
  })}</tbody></table>`;
}
