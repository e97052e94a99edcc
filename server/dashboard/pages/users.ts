// Users page routes (provider admins only): list, create with a one-time password, reset, disable, enable; each
// audited. users-view.ts draws the page.
import type { FastifyInstance } from "fastify";
import { AppError } from "../../../shared/errors.js";
import type { ServiceContext } from "../../services/context.js";
import { listCouncils } from "../../services/admin.js";
import { assertUserAdmin, type DashUser, ROLE_LABELS } from "../access.js";
import { auditBy } from "../audit.js";
import { deleteUserSessions } from "../auth/session-store.js";
import { findUserById, listUsers, updateUser } from "../auth/user-store.js";
import type { Html } from "../html.js";
import { BASE, flash, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { ROLES } from "../tables.js";
import { createUser, enableUser, type IssuedCredentials, resetUser } from "../users.js";
import { issued, type Typed, usersView } from "./users-view.js";

type Body = Record<string, string | undefined>;

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

export function registerUsers(app: FastifyInstance, ctx: ServiceContext): void {
  const deps = { db: ctx.db, clock: ctx.clock };
  const render = async (user: DashUser, csrf: string, note?: Html, typed?: Typed) => {
    const [users, councils] = await Promise.all([listUsers(ctx.db.kysely), listCouncils(ctx.db.kysely)]);
    return page({
      title: "Users",
      user,
      csrf,
      body: usersView({ users, councils, selfId: user.id, csrf, note, typed }),
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
    await auditBy(
      ctx.db.kysely,
      { user, ip: request.ip, at: ctx.clock.now() },
      {
        councilId: c.user.council_id,
        action: "user.create",
        target: c.user.email,
        detail: { role: c.user.role },
      },
    );
    return sendPage(reply, await render(user, session.csrf_token, issued(c)));
  });

  app.post<{ Params: { id: string } }>(`${BASE}/users/:id/reset`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    const target = await findUserById(ctx.db.kysely, request.params.id);
    if (!target) return reply.callNotFound();
    const c = await resetUser(deps, target.email);
    await auditBy(
      ctx.db.kysely,
      { user, ip: request.ip, at: ctx.clock.now() },
      {
        councilId: target.council_id,
        action: "user.reset",
        target: target.email,
      },
    );
    return sendPage(reply, await render(user, session.csrf_token, issued(c)));
  });

  /** Disable ends the user's sessions at once; enable lets them sign in again (a reset does not). */
  const switches = {
    disable: async (id: string) => {
      await updateUser(ctx.db.kysely, id, { disabled_at: ctx.clock.now().toISOString() });
      await deleteUserSessions(ctx.db.kysely, id);
    },
    enable: (id: string) => enableUser(deps, id),
  };
  for (const [name, run] of Object.entries(switches)) {
    app.post<{ Params: { id: string } }>(`${BASE}/users/:id/${name}`, async (request, reply) => {
      const { user } = requireUser(request);
      assertUserAdmin(user);
      const target = await findUserById(ctx.db.kysely, request.params.id);
      if (!target) return reply.callNotFound();
      await run(target.id);
      await auditBy(
        ctx.db.kysely,
        { user, ip: request.ip, at: ctx.clock.now() },
        { councilId: target.council_id, action: `user.${name}`, target: target.email },
      );
      return reply.redirect(`${BASE}/users`, 303);
    });
  }
}
