// The enrolment tokens page's view: the create form, a just-created token (if any) and the list without secrets.
import type { TokenRow } from "../../stores/token-store.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";

export interface TokensPage {
  councils: { id: string; name: string }[];
  tokens: TokenRow[];
  /** Now, as an ISO string: a token is usable until it expires. */
  now: string;
  csrf: string;
  /** Shown above the form: the new token with its commands, or a flash. */
  created?: Html | undefined;
}

export function tokensView(p: TokensPage): Html {
  const { councils, tokens, now, csrf, created } = p;
  const names = new Map(councils.map((c) => [c.id, c.name]));
  return html`${created ?? ""}
<form method="post" action="${BASE}/tokens" class="card">${csrfField(csrf)}
  <label for="council">Council</label><select id="council" name="council">${councils.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</select>
  <label for="expires">Expires after</label><select id="expires" name="expires"><option value="1d">1 day</option><option value="7d" selected>7 days</option><option value="30d">30 days</option></select>
  <label for="uses">Uses</label><input id="uses" name="uses" type="number" min="1" max="1000" value="25">
  <button type="submit">Create token</button>
</form>
<table class="stack"><caption>Tokens (the token itself is never stored)</caption><thead><tr><th scope="col">Id</th><th scope="col">Council</th><th scope="col">Uses</th><th scope="col">State</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${tokens.map((t) => {
    const live = !t.revoked_at && t.expires_at > now && t.uses < t.max_uses;
    return html`<tr><td data-label="Id"><code>${t.id}</code></td><td data-label="Council">${names.get(t.council_id) ?? t.council_id}</td><td data-label="Uses">${t.uses} / ${t.max_uses}</td>
<td data-label="State">${t.revoked_at ? html`✘ revoked ${when(t.revoked_at)}` : live ? html`✔ usable until ${when(t.expires_at)}` : html`– used up or expired`}</td>
<td>${live ? html`<form method="post" action="${BASE}/tokens/${t.id}/revoke">${csrfField(csrf)}<button type="submit">Revoke</button></form>` : ""}</td></tr>`;
  })}</tbody></table>`;
}

/** The flash shown once, with the token itself, above the enrolment commands. */
export function createdTokenView(t: { councilName: string; maxUses: number; expiresAt: string; token: string }): Html {
  return html`<div class="flash flash-ok" role="status">✔ Token for ${t.councilName} (${t.maxUses} ${t.maxUses === 1 ? "use" : "uses"}, until ${when(t.expiresAt)}), shown only now:
<pre class="secret" id="new-token">${t.token}</pre></div>`;
}
