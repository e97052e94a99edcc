// Users (provider admins only): list, create with a one-time password, reset, disable, enable; each audited.
import type { FastifyInstance } from "fastify";
import type { ServiceContext } from "../../services/context.js";
import { listCouncils } from "../../services/admin.js";
import { assertUserAdmin, type DashUser, ROLE_LABELS } from "../access.js";
import { audit } from "../audit.js";
import { deleteUserSessions } from "../auth/session-store.js";
import { findUserById, listUsers, updateUser } from "../auth/user-store.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, page, when } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { ROLES } from "../tables.js";
import { createUser, enableUser, type IssuedCredentials, resetUser } from "../users.js";

type Body = Record<string, string | undefined>;

/** The one-time password only: the user sets up their authenticator app themselves at the first login. */
function issued(c: IssuedCredentials): Html {
  const still = c.user.disabled_at ? html` The account is still disabled: use Enable when they should sign in again.` : "";
  return html`<div class="flash flash-ok" role="status">✔ ${c.user.email}: give them this one-time password (shown only now). They choose their own at the first login and set up their authenticator app there.${still}
<pre class="secret" id="one-time-password">${c.password}</pre></div>`;
}

export function registerUsers(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };
  const render = async (user: DashUser, csrf: string, note?: Html) => {
    const [users, councils] = await Promise.all([listUsers(ctx.db.kysely), listCouncils(ctx.db.kysely)]);
    const names = new Map(councils.map((c) => [c.id, c.name]));
    return page({
      title: "Users",
      user,
      csrf,
      body: html`${note ?? ""}
<form method="post" action="${BASE}/users" class="card">${csrfField(csrf)}
  <label for="email">Email</label><input id="email" name="email" type="email" required>
  <label for="role">Role</label><select id="role" name="role">${ROLES.map((r) => html`<option value="${r}">${ROLE_LABELS[r]}</option>`)}</select>
  <label for="council">Council (council roles only)</label><select id="council" name="council"><option value="">—</option>${councils.map((c) => html`<option value="${c.id}">${c.name}</option>`)}</select>
  <button type="submit">Create user</button>
</form>
<table><caption>Users</caption><thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Council</th><th scope="col">MFA</th><th scope="col">State</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
<tbody>${users.map(
        (u) => html`<tr><td>${u.email}</td><td>${ROLE_LABELS[u.role]}</td><td>${u.council_id ? (names.get(u.council_id) ?? u.council_id) : "all"}</td>
<td>${u.totp_confirmed_at ? html`✔ set up` : html`? not yet`}</td><td>${u.disabled_at ? html`✘ disabled ${when(u.disabled_at)}` : "✔ active"}</td>
<td>${u.id === user.id ? "" : html`<form method="post" action="${BASE}/users/${u.id}/reset" class="inline">${csrfField(csrf)}<button type="submit">Reset password and MFA</button></form>
${u.disabled_at ? html`<form method="post" action="${BASE}/users/${u.id}/enable" class="inline">${csrfField(csrf)}<button type="submit">Enable</button></form>` : html`<form method="post" action="${BASE}/users/${u.id}/disable" class="inline">${csrfField(csrf)}<button type="submit">Disable</button></form>`}`}</td></tr>`,
      )}</tbody></table>`,
    });
  };

  app.get(`${BASE}/users`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    return sendPage(reply, await render(user, session.csrf_token));
  });

  app.post<{ Body: Body }>(`${BASE}/users`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    const council = request.body.council || undefined;
    const c = await createUser(deps, { email: String(request.body.email ?? ""), role: String(request.body.role ?? ""), council, councilById: true });
    await audit(ctx.db.kysely, { at: ctx.clock.now(), userId: user.id, actor: user.email, councilId: c.user.council_id, action: "user.create", target: c.user.email, detail: { role: c.user.role }, ip: request.ip });
    return sendPage(reply, await render(user, session.csrf_token, issued(c)));
  });

  app.post<{ Params: { id: string } }>(`${BASE}/users/:id/reset`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    const target = await findUserById(ctx.db.kysely, request.params.id);
    if (!target) return reply.callNotFound();
    const c = await resetUser(deps, target.email);
    await audit(ctx.db.kysely, { at: ctx.clock.now(), userId: user.id, actor: user.email, councilId: target.council_id, action: "user.reset", target: target.email, ip: request.ip });
    return sendPage(reply, await render(user, session.csrf_token, issued(c)));
  });

  app.post<{ Params: { id: string } }>(`${BASE}/users/:id/disable`, async (request, reply) => {
    const { user } = requireUser(request);
    assertUserAdmin(user);
    const target = await findUserById(ctx.db.kysely, request.params.id);
    if (!target) return reply.callNotFound();
    await updateUser(ctx.db.kysely, target.id, { disabled_at: ctx.clock.now().toISOString() });
    await deleteUserSessions(ctx.db.kysely, target.id);
    await audit(ctx.db.kysely, { at: ctx.clock.now(), userId: user.id, actor: user.email, councilId: target.council_id, action: "user.disable", target: target.email, ip: request.ip });
    return reply.redirect(`${BASE}/users`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/users/:id/enable`, async (request, reply) => {
    const { user } = requireUser(request);
    assertUserAdmin(user);
    const target = await findUserById(ctx.db.kysely, request.params.id);
    if (!target) return reply.callNotFound();
    await enableUser(deps, target.id);
    await audit(ctx.db.kysely, { at: ctx.clock.now(), userId: user.id, actor: user.email, councilId: target.council_id, action: "user.enable", target: target.email, ip: request.ip });
    return reply.redirect(`${BASE}/users`, 303);
  });
}
