// API tokens page routes (provider admins): create one for a council or the provider (shown once), list with last use,
// revoke; audited. api-tokens-view.ts draws the page.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { createApiToken, describeApiToken, listApiTokens, revokeApiToken } from "../../api/token-store.js";
import type { ServiceContext } from "../../services/context.js";
import { listCouncils } from "../../services/admin.js";
import { assertUserAdmin, type DashUser } from "../access.js";
import { auditBy, findFormEntry } from "../audit.js";
import { type Html, html } from "../html.js";
import { BASE, flash, page } from "../layout.js";
import { requireUser, sendPage } from "../request-context.js";
import { apiTokensView } from "./api-tokens-view.js";

type Body = Record<string, string | undefined>;

export function registerApiTokens(app: FastifyInstance, ctx: ServiceContext): void {
  const q = ctx.db.kysely;
  const render = async (user: DashUser, csrf: string, created?: Html) => {
    const [councils, tokens] = await Promise.all([listCouncils(q), listApiTokens(q)]);
    const now = ctx.clock.now();
    return page({
      title: "API tokens",
      user,
      csrf,
      body: apiTokensView({
        councils,
        tokens: tokens.map((row) => describeApiToken(row, now)),
        csrf,
        created,
        formId: randomBytes(16).toString("base64url"),
      }),
    });
  };

  app.get(`${BASE}/api-tokens`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    return sendPage(reply, await render(user, session.csrf_token));
  });

  app.post<{ Body: Body }>(`${BASE}/api-tokens`, async (request, reply) => {
    const { user, session } = requireUser(request);
    assertUserAdmin(user);
    // Reloading the page that showed a token would send the form again: each form has an id, used once.
    const formId = /^[A-Za-z0-9_-]{22}$/.test(String(request.body.form_id ?? "")) ? String(request.body.form_id) : null;
    if (formId) {
      const sent = await findFormEntry(q, user.id, "api-token.create", formId);
      if (sent) {
        const again = html`<p class="flash flash-error" role="alert">✘ This form was already sent: token <code>${sent.target}</code> was made and shown once then. If it was not saved, revoke it below and make a new one.</p>`;
        return sendPage(reply, await render(user, session.csrf_token, again), 409);
      }
    }
    const scope = String(request.body.scope ?? "provider");
    const readOnly = request.body.access !== "write";
    // The form's mistakes in the form's words (createApiToken's own messages name the command line's flags).
    const councilIds = new Set((await listCouncils(q)).map((c) => c.id));
    const wrong =
      scope !== "provider" && !councilIds.has(scope)
        ? "Choose what the token sees from the Sees list: every council, or one council."
        : !["30d", "90d", "366d"].includes(String(request.body.expires ?? "90d"))
          ? "Choose how long the token lasts from the Expires after list."
          : undefined;
    if (wrong) return sendPage(reply, await render(user, session.csrf_token, flash(wrong, "error")), 400);
    const t = await createApiToken(
      { db: ctx.db, clock: ctx.clock },
      {
        name: String(request.body.name ?? ""),
        provider: scope === "provider",
        council: scope === "provider" ? undefined : scope,
        readOnly,
        expires: String(request.body.expires ?? "90d"),
        createdBy: user.email,
      },
    );
    await auditBy(
      q,
      { user, ip: request.ip, at: ctx.clock.now() },
      {
        councilId: t.councilId,
        action: "api-token.create",
        target: t.id,
        detail: { name: t.name, readOnly, expiresAt: t.expiresAt, formId },
      },
    );
    const created = html`<div class="flash flash-ok" role="status">✔ API token "${t.name}" for ${t.councilName ?? "every council"}, shown only now:
<pre class="secret" id="new-api-token">${t.token}</pre><p>Store it in the tool that uses it; Ward keeps only its hash.</p></div>`;
    return sendPage(reply, await render(user, session.csrf_token, created));
  });

  app.post<{ Params: { id: string } }>(`${BASE}/api-tokens/:id/revoke`, async (request, reply) => {
    const { user } = requireUser(request);
    assertUserAdmin(user);
    const row = await revokeApiToken(q, request.params.id, ctx.clock.now());
    await auditBy(
      q,
      { user, ip: request.ip, at: ctx.clock.now() },
      {
        councilId: row.council_id,
        action: "api-token.revoke",
        target: row.id,
        detail: { name: row.name },
      },
    );
    return reply.redirect(`${BASE}/api-tokens`, 303);
  });
}
