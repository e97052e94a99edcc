// The councils page's view: the "Add a council" form (with the name's error, if any) and the list with each policy.
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";

export interface CouncilsPage {
  councils: { id: string; name: string; created_at: string; policy: { version: number; issuedAt: string } }[];
  csrf: string;
  /** What was typed and why it was refused, when adding a council failed. */
  name?: string | undefined;
  error?: string | undefined;
}

export function councilsView(p: CouncilsPage): Html {
  const { councils, csrf, name, error } = p;
  const nameError = error ? html`<p class="field-error" id="council-name-error">✘ ${error}</p>` : html``;
  return html`<form method="post" action="${BASE}/councils" class="card narrow" novalidate>${csrfField(csrf)}
<h2>Add a council</h2>
<label for="council-name">The council's name</label><small id="council-name-hint">As it appears on its letters, e.g. “Wellington Town Council”. It starts with Ward's default policy, which you can change next.</small>
${nameError}<input id="council-name" name="name" type="text" maxlength="200" value="${name ?? ""}" aria-describedby="council-name-hint${error ? " council-name-error" : ""}"${error ? html` aria-invalid="true"` : ""}>
<button type="submit">Add council</button>
</form>
<p><a href="${BASE}/policy-templates">Policy templates</a>: save a policy once and apply it to several councils.</p>
<table class="stack"><caption>${councils.length} ${councils.length === 1 ? "council" : "councils"}</caption>
<thead><tr><th scope="col">Council</th><th scope="col">Policy</th><th scope="col">Added</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
<tbody>${councils.map((c) => {
    const p = c.policy;
    return html`<tr><td data-label="Council"><a href="${BASE}/councils/${c.id}">${c.name}</a></td>
<td data-label="Policy">version ${p.version}, issued ${when(p.issuedAt)}</td><td data-label="Added">${when(c.created_at)}</td>
<td><a href="${BASE}/councils/${c.id}/policy">Edit policy</a></td></tr>`;
  })}</tbody></table>`;
}
