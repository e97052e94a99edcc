// Users (provider admins only): list, create with a one-time password, reset, disable, enable; each audited.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import type { ServiceContext } from "../../services/context.js";
import { listCouncils } from "../../services/admin.js";
import { assertUserAdmin, type DashUser, ROLE_LABELS } from "../access.js";
import { audit } from "../audit.js";
import { deleteUserSessions } from "../auth/session-store.js";
import { findUserById, listUsers, updateUser } from "../auth/user-store.js";
import { type Html, html } from "../html.js";
import { BASE, csrfField, flash, page, when } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { ROLES } from "../tables.js";
import { createUser, enableUser, type IssuedCredentials, resetUser } from "../users.js";

type Body = Record<string, string | undefined>;

/** What was typed into the create form, shown again beside the error. */
interface Typed {
  email: string;
  role: string;
  council: string;
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The create form's mistakes in the page's words (the form's labels and choices, not the command line's flags). */
function formError(t: Typed, councilIds: ReadonlySet<string>): string | undefined {
  if (!EMAIL_SHAPE.test(t.email.trim())) return "Type the person's email address, like clerk@parish-council.gov.uk.";
  const role = ROLES.find((r) => r === t.role);
  if (!role) return "Choose a role from the list.";
  if (role.startsWith("council-") && !t.council)
    return `A ${ROLE_LABELS[role]} belongs to one council: choose their council in the Council list.`;
  if (!role.startsWith("council-") && t.council)
    return `A ${ROLE_LABELS[role]} sees every council: set Council to "—", or choose a council role.`;
  if (t.council && !councilIds.has(t.council))
    return "That council no longer exists: choose one from the Council list.";
  return undefined;
}

/** The one-time password only: the user sets up their authenticator app themselves at the first login. */
function issued(c: IssuedCredentials): Html {
  const still = c.user.disabled_at
    ? html` The account is still disabled: use Enable when they should sign in again.`
    : "";
  return html`<div class="flash flash-ok" role="status">✔ ${c.user.email}: give them this one-time password (shown only now). They choose their own at the first login and set up their authenticator app there.${still}
<pre class="secret" id="one-time-password">${c.password}</pre></div>`;
}

export function registerUsers(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };
  const render = async (user: DashUser, csrf: string, note?: Html, typed?: Typed) => {
    const [users, councils] = await Promise.all([listUsers(ctx.db.kysely), listCouncils(ctx.db.kysely)]);
    const names = new Map(councils.map((c) => [c.id, c.name]));
    return page({
      title: "Users",
      user,
      csrf,
      body: html`${note ?? ""}
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
          u.id === user.id
            ? ""
            : html`<form method="post" action="${BASE}/users/${u.id}/reset" class="inline">${csrfField(csrf)}<button type="submit">Reset password and MFA</button></form>
${u.disabled_at ? html`<form method="post" action="${BASE}/users/${u.id}/enable" class="inline">${csrfField(csrf)}<button type="submit">Enable</button></form>` : html`<form method="post" action="${BASE}/users/${u.id}/disable" class="inline">${csrfField(csrf)}<button type="submit">Disable</button></form>`}`
        }</td></tr>`,
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
    const typed: Typed = {
      email: String(request.body.email ?? "").slice(0, 320),
      role: String(request.body.role ?? "").slice(0, 40),
      council: String(request.body.council ?? "").slice(0, 40),
    };
    const again = (message: string) =>
      render(user, session.csrf_token, flash(message, "error"), typed).then((text) => sendPage(reply, text, 400));
    const councilIds = new Set((await listCouncils(ctx.db.kysely)).map((c) => c.id));
    const wrong = formError(typed, councilIds);
    if (wrong) return again(wrong);
    let c: IssuedCredentials;
    try {
      c = await createUser(deps, {
        email: typed.email,
        role: typed.role,
        council: typed.council || undefined,
        councilById: true,
      });
    } catch (err) {
      if (err instanceof AppError && err.code === "conflict")
        return again(`${err.message} Reset their password in the list below instead.`);
      throw err;
    }
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: c.user.council_id,
      action: "user.create",
      target: c.user.email,
      detail: { role: c.user.role },
      ip: request.ip,
    });
    return sendPage(reply, await render(user, session.csrf_token, issued(c)));
  });

  app.post<{ Params: { id: string } }>(`${BASE}/users/:id/reset`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    const target = await findUserById(ctx.db.kysely, request.params.id);
    if (!target) return reply.callNotFound();
    const c = await resetUser(deps, target.email);
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: target.council_id,
      action: "user.reset",
      target: target.email,
      ip: request.ip,
    });
    return sendPage(reply, await render(user, session.csrf_token, issued(c)));
  });

  app.post<{ Params: { id: string } }>(`${BASE}/users/:id/disable`, async (request, reply) => {
    const { user } = requireUser(request);
    assertUserAdmin(user);
    const target = await findUserById(ctx.db.kysely, request.params.id);
    if (!target) return reply.callNotFound();
    await updateUser(ctx.db.kysely, target.id, { disabled_at: ctx.clock.now().toISOString() });
    await deleteUserSessions(ctx.db.kysely, target.id);
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: target.council_id,
      action: "user.disable",
      target: target.email,
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/users`, 303);
  });

  app.post<{ Params: { id: string } }>(`${BASE}/users/:id/enable`, async (request, reply) => {
    const { user } = requireUser(request);
    assertUserAdmin(user);
    const target = await findUserById(ctx.db.kysely, request.params.id);
    if (!target) return reply.callNotFound();
    await enableUser(deps, target.id);
    await audit(ctx.db.kysely, {
      at: ctx.clock.now(),
      userId: user.id,
      actor: user.email,
      councilId: target.council_id,
      action: "user.enable",
      target: target.email,
      ip: request.ip,
    });
    return reply.redirect(`${BASE}/users`, 303);
  });
}
