// The users page's view: the create form (what was typed kept beside an error), every account and its actions.
import type { UserRow } from "../auth/user-store.js";
import { ROLE_LABELS } from "../access.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, when } from "../layout.js";
import { ROLES } from "../tables.js";
import type { IssuedCredentials } from "../users.js";

/** What was typed into the create form, shown again beside the error. */
export interface Typed {
  email: string;
  role: string;
  council: string;
}

export interface UsersPage {
  users: UserRow[];
  councils: { id: string; name: string }[];
  /** The signed-in admin: no reset or disable of their own account here. */
  selfId: string;
  csrf: string;
  note?: Html | undefined;
  typed?: Typed | undefined;
}

export function usersView(p: UsersPage): Html {
  const { users, councils, csrf, note, typed } = p;
  const names = new Map(councils.map((c) => [c.id, c.name]));
  return html`${note ?? ""}
<form method="post" action="${BASE}/users" class="card">${csrfField(csrf)}
  <label for="email">Email</label><input id="email" name="email" type="email" required value="${typed?.email ?? ""}">
  <label for="role">Role</label><select id="role" name="role">${ROLES.map((r) => html`<option value="${r}"${typed?.role === r ? html` selected` : ""}>${ROLE_LABELS[r]}</option>`)}</select>
  <label for="council">Council (council roles only)</label><select id="council" name="council"><option value="">—</option>${councils.map((c) => html`<option value="${c.id}"${typed?.council === c.id ? html` selected` : ""}>${c.name}</option>`)}</select>
  <button type="submit">Create user</button>
</form>
<table><caption>Users</caption><thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Council</th><th scope="col">MFA</th><th scope="col">State</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
<tbody>${users.map(
    (
      u,
    ) => html`<tr><td>${u.email}</td><td>${ROLE_LABELS[u.role]}</td><td>${u.council_id ? (names.get(u.council_id) ?? u.council_id) : "all"}</td>
<td>${u.totp_confirmed_at ? html`✔ set up` : html`? not yet`}</td><td>${u.disabled_at ? html`✘ disabled ${when(u.disabled_at)}` : "✔ active"}</td>
<td>${
      u.id === p.selfId
        ? ""
        : html`<form method="post" action="${BASE}/users/${u.id}/reset" class="inline">${csrfField(csrf)}<button type="submit">Reset password and MFA</button></form>
${u.disabled_at ? html`<form method="post" action="${BASE}/users/${u.id}/enable" class="inline">${csrfField(csrf)}<button type="submit">Enable</button></form>` : html`<form method="post" action="${BASE}/users/${u.id}/disable" class="inline">${csrfField(csrf)}<button type="submit">Disable</button></form>`}`
    }</td></tr>`,
  )}</tbody></table>`;
}

/** The one-time password only: the user sets up their authenticator app themselves at the first login. */
export function issued(c: IssuedCredentials): Html {
  const still = c.user.disabled_at
    ? html` The account is still disabled: use Enable when they should sign in again.`
    : "";
  return html`<div class="flash flash-ok" role="status">✔ ${c.user.email}: give them this one-time password (shown only now). They choose their own at the first login and set up their authenticator app there.${still}
<pre class="secret" id="one-time-password">${c.password}</pre></div>`;
}
